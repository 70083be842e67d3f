from .competencies import Competentie, Competentiegebied
from .pages import FrameworkPage, GrondhoudingPage, HoofdtaakPage, TaakgebiedPage
from .workflow import ModerationTask, unpublished_choices

__all__ = [
    "Competentie",
    "Competentiegebied",
    "FrameworkPage",
    "GrondhoudingPage",
    "HoofdtaakPage",
    "ModerationTask",
    "TaakgebiedPage",
    "unpublished_choices",
]
