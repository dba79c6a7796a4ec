"""Plain-words text for the codes found in 999 and 277CA acknowledgements.

Code lists: X12 999 (005010X231A1) IK304, IK403, IK502, AK905; claim status category codes
(code source 507) and the claim status codes (code source 508) a submitter sees most often.
Unknown codes fall back to a neutral sentence with the code.
"""

from __future__ import annotations

SEGMENT_ERRORS = {
    "1": "Unrecognized segment ID.",
    "2": "Unexpected segment.",
    "3": "Required segment missing.",
    "4": "Loop occurs more often than allowed.",
    "5": "Segment occurs more often than allowed.",
    "6": "Segment not in the transaction set.",
    "7": "Segment not in the proper sequence.",
    "8": "Segment has element errors.",
    "I4": "Segment marked 'not used' in the guide is present.",
    "I6": "Segment required by the guide in this situation is missing.",
    "I7": "Loop occurs fewer times than the guide requires.",
    "I8": "Segment occurs fewer times than the guide requires.",
    "I9": "Segment 'not used' in this situation is present.",
}

ELEMENT_ERRORS = {
    "1": "Required element missing.",
    "2": "Conditionally required element missing.",
    "3": "Too many elements.",
    "4": "Element too short.",
    "5": "Element too long.",
    "6": "Invalid character in element.",
    "7": "Invalid code value.",
    "8": "Invalid date.",
    "9": "Invalid time.",
    "10": "Element present although another element excludes it.",
    "12": "Too many repetitions.",
    "13": "Too many components.",
    "I6": "Code value not used by the implementation guide.",
    "I9": "Element required by the guide in this situation is missing.",
    "I10": "Element marked 'not used' in the guide is present.",
    "I11": "Too few repetitions.",
    "I12": "Value does not match the pattern the guide requires.",
    "I13": "Element 'not used' in this situation is present.",
}

SET_STATUS = {
    "A": "Accepted.",
    "E": "Accepted, but errors were noted.",
    "P": "Partially accepted: at least one transaction set was rejected.",
    "R": "Rejected.",
    "M": "Rejected: message authentication failed.",
    "W": "Rejected: assurance failed validity tests.",
    "X": "Rejected: content could not be analyzed.",
}

SET_ERRORS = {
    "1": "Transaction set not supported.",
    "2": "Transaction set trailer (SE) missing.",
    "3": "ST and SE control numbers do not match.",
    "4": "The SE segment count is wrong.",
    "5": "One or more segments are in error.",
    "6": "Missing or invalid transaction set identifier.",
    "7": "Missing or invalid transaction set control number.",
    "18": "Transaction set is not in a functional group.",
    "19": "Invalid implementation convention reference (ST03).",
    "23": "Transaction set control number not unique in the group.",
    "I5": "One or more segments break the implementation guide.",
    "I6": "Implementation convention not supported.",
}

GROUP_ERRORS = {
    "1": "Functional group not supported.",
    "2": "Functional group version not supported.",
    "3": "Functional group trailer (GE) missing.",
    "4": "GS and GE control numbers do not match.",
    "5": "The GE transaction set count is wrong.",
    "6": "Group control number violates syntax.",
    "19": "Functional group control number not unique in the interchange.",
}

CATEGORIES = {
    "A0": "Forwarded to another entity.",
    "A1": "Received.",
    "A2": "Accepted into the adjudication system.",
    "A3": "Returned as unprocessable.",
    "A4": "Not found.",
    "A5": "Split into several claims.",
    "A6": "Rejected for missing information.",
    "A7": "Rejected for invalid information.",
    "A8": "Rejected for a relational field in error.",
    "E0": "No response possible: error in the submitted data.",
    "E1": "No response possible: system status.",
    "E2": "The information holder is not responding.",
    "E3": "Correction required: relational fields in error.",
    "E4": "Trading partner agreement requirement not met.",
}

STATUS_CODES = {
    "0": "Cannot provide further status electronically.",
    "1": "See the remittance advice for details.",
    "3": "Adjudicated, awaiting the payment cycle.",
    "16": "Forwarded to the entity.",
    "19": "The entity acknowledges receipt of the claim.",
    "20": "Accepted for processing.",
    "21": "Missing or invalid information.",
    "24": "The entity is not approved as an electronic submitter.",
    "26": "The entity was not found.",
    "29": "Subscriber and policy number do not match.",
    "33": "Subscriber and subscriber id not found.",
    "35": "Claim not found.",
    "54": "Duplicate of a claim already processed.",
    "97": "The patient's eligibility was not found with the payer.",
    "116": "The claim was sent to the wrong payer.",
    "145": "The entity's specialty or taxonomy code.",
    "158": "The entity's date of birth.",
    "164": "The entity's contract or member number.",
    "187": "The date(s) of service.",
    "254": "The principal diagnosis code.",
    "255": "A diagnosis code.",
    "400": "The claim is out of balance.",
    "454": "The procedure code for the services rendered.",
    "562": "The entity's National Provider Identifier (NPI).",
}

ENTITIES = {
    "03": "dependent",
    "1P": "provider",
    "40": "receiver",
    "41": "submitter",
    "77": "service location",
    "82": "rendering provider",
    "85": "billing provider",
    "87": "pay-to provider",
    "DN": "referring provider",
    "IL": "subscriber",
    "PR": "payer",
    "QC": "patient",
}


def lookup(table: dict[str, str], code: str, kind: str) -> str:
    """The plain-words text of ``code`` in ``table``, or a neutral sentence naming it."""
    return table.get(code.lstrip("0") or "0", table.get(code, f"{kind} {code}."))


def status_text(category: str, code: str, entity: str) -> str:
    """One STC composite in plain words: ``Rejected for invalid information: ... (billing ...)``."""
    head = lookup(CATEGORIES, category, "Status category").rstrip(".")
    detail = lookup(STATUS_CODES, code, "Status code").rstrip(".")
    who = f" (about the {ENTITIES.get(entity, 'entity ' + entity)})" if entity else ""
    return f"{head}: {detail}{who}."
