from .competencies import Competentie, Competentiegebied
from .pages import FrameworkPage, GrondhoudingPage, HoofdtaakPage, TaakgebiedPage

__all__ = [
    "Competentie",
    "Competentiegebied",
    "FrameworkPage",
    "GrondhoudingPage",
    "HoofdtaakPage",
    "TaakgebiedPage",
]
