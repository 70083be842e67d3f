from .competencies import Competentie, Competentiegebied
from .pages import FrameworkPage, GrondhoudingPage, HoofdtaakPage, TaakgebiedPage
from .synonyms import Synoniem

__all__ = [
    "Competentie",
    "Competentiegebied",
    "FrameworkPage",
    "GrondhoudingPage",
    "HoofdtaakPage",
    "Synoniem",
    "TaakgebiedPage",
]
