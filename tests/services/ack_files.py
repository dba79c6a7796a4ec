"""Small synthetic 999 and 277CA files answering one of our exported 837 batches."""

from __future__ import annotations

from app.x12.acks import sent_header


def _isa(sender: tuple[str, str], receiver: tuple[str, str], control: str) -> str:
    return (f"ISA*00*          *00*          *{sender[0]}*{sender[1]:<15}*{receiver[0]}*"
            f"{receiver[1]:<15}*261123*1031*^*00501*{control}*0*T*:~")


def envelope(batch_text: str, functional_id: str, version: str, body: list[str], *,
             other_partner: bool = False, control: str = "000000901") -> str:
    """An interchange from the clearinghouse back to us, with ``body`` as its ST..SE sets.

    ``body`` holds whole transaction sets (ST..SE lines without terminators); ``other_partner``
    sends it from a trading partner we never sent the batch to.
    """
    head = sent_header(batch_text, "batch")
    assert head is not None
    isa, gs = head.interchange, head.group
    sender = ("ZZ", "OTHERCLEARING") if other_partner else (isa.receiver_qualifier,
                                                            isa.receiver_id)
    gs_sender = "OTHERCLEARING" if other_partner else gs.receiver_id
    sets = sum(1 for line in body if line.startswith("ST*"))
    lines = [_isa(sender, (isa.sender_qualifier, isa.sender_id), control).rstrip("~"),
             f"GS*{functional_id}*{gs_sender}*{gs.sender_id}*20261123*1031*901*X*{version}",
             *body, f"GE*{sets}*901", f"IEA*1*{control}"]
    return "~\n".join(lines) + "~\n"


def transaction(st02: str, set_id: str, version: str, lines: list[str]) -> list[str]:
    """One ST..SE transaction set around ``lines``, with the right SE count."""
    return [f"ST*{set_id}*{st02}*{version}", *lines, f"SE*{len(lines) + 2}*{st02}"]


def ack_999(gs06: int, verdicts: list[tuple[str, str]], group: str = "A", *,
            functional_id: str = "HC", st02: str = "0001") -> list[str]:
    """A 999 transaction set: AK2/IK5 per (ST02, IK501) of our group ``gs06``."""
    lines = [f"AK1*{functional_id}*{gs06}*005010X222A1"]
    for control, code in verdicts:
        lines += [f"AK2*837*{control}*005010X222A1"]
        if code == "R":
            lines += ["IK3*CLM*5*2300*8", "IK4*2*782*7*9999", "IK5*R*5"]
        else:
            lines += [f"IK5*{code}"]
    accepted = sum(1 for _, code in verdicts if code != "R")
    lines += [f"AK9*{group}*{len(verdicts)}*{len(verdicts)}*{accepted}"]
    return transaction(st02, "999", "005010X231A1", lines)


def ack_277(batch_text: str, receiver_stc: str, providers: list[tuple[str, str, list[tuple[
        str, str]]]], version: str = "005010X214") -> list[str]:
    """A 277CA transaction set.

    Args:
        batch_text: our batch (its BHT03 goes in 2200B TRN02).
        receiver_stc: the 2200B STC01 composite (``A1:19:PR`` or ``A3:24:41``).
        providers: (NPI, 2200C STC01 or "", [(CLM01, 2200D STC01)...]) per billing provider.
        version: ST03 (005010X214; 005010X212 for a claim status response).
    """
    head = sent_header(batch_text, "batch")
    assert head is not None
    lines = ["BHT*0085*08*ACK0001*20261123*1031*TH", "HL*1**20*1",
             "NM1*PR*2*DEMO CLEARINGHOUSE*****46*CLR01", "TRN*1*T0001", "DTP*050*D8*20261123",
             "DTP*009*D8*20261123", "HL*2*1*21*1", "NM1*41*2*OUR PRACTICE*****46*SUB01",
             f"TRN*2*{head.bht03}", f"STC*{receiver_stc}*20261123*"
             f"{'U' if receiver_stc.startswith('A3') else 'WQ'}*100"]
    hl = 2
    for npi, provider_stc, claims in providers:
        hl += 1
        parent = hl
        lines += [f"HL*{hl}*2*19*{1 if claims else 0}", f"NM1*85*2*OUR PRACTICE*****XX*{npi}",
                  "TRN*1*0"]
        if provider_stc:
            lines += [f"STC*{provider_stc}*20261123*U*100"]
        for clm01, stc in claims:
            hl += 1
            action = "U" if stc[:2] in ("A3", "A6", "A7", "A8") else "WQ"
            lines += [f"HL*{hl}*{parent}*PT", "NM1*QC*1*PATIENT*TEST****MI*M0001",
                      f"TRN*2*{clm01}", f"STC*{stc}*20261123*{action}*100",
                      "DTP*472*D8*20261101"]
    return transaction("0001", "277", version, lines)


def answering(batch_text: str, ack_text: str) -> str:
    """``ack_text`` (a fixture 999 or 277CA) with its ISA/GS envelope answering our batch."""
    head = sent_header(batch_text, "batch")
    assert head is not None
    isa, gs = head.interchange, head.group
    segments = ack_text.split("~")
    isa_el = segments[0].split("*")
    isa_el[5:9] = [isa.receiver_qualifier, f"{isa.receiver_id:<15}", isa.sender_qualifier,
                   f"{isa.sender_id:<15}"]
    segments[0] = "*".join(isa_el)
    gs_index = next(i for i, s in enumerate(segments) if s.strip().startswith("GS*"))
    gs_el = segments[gs_index].split("*")
    gs_el[2:4] = [gs.receiver_id, gs.sender_id]
    segments[gs_index] = "*".join(gs_el)
    return "~".join(segments)
