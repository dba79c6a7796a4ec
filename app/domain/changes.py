"""What a service call changed, so screens refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """Flags naming the kinds of data a write touched."""

    claims: bool = False
    charges: bool = False
    payments: bool = False
    patients: bool = False
    encounters: bool = False
    codes: bool = False
    settings: bool = False

    def __or__(self, other: Changes) -> Changes:
        fields = self.__dataclass_fields__
        return Changes(**{k: getattr(self, k) or getattr(other, k) for k in fields})

    @classmethod
    def everything(cls) -> Changes:
        """Every flag set (after an import or a restore)."""
        return cls(**dict.fromkeys(cls.__dataclass_fields__, True))
