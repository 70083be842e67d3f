from .competencies import Competentie, Competentiegebied
from .pages import FrameworkPage, GrondhoudingPage, HoofdtaakPage, TaakgebiedPage
from .synonyms import Synoniem
from .workflow import ModerationTask, unpublished_choices

__all__ = [
    "Competentie",
    "Competentiegebied",
    "FrameworkPage",
    "GrondhoudingPage",
    "HoofdtaakPage",
    "ModerationTask",
    "Synoniem",
    "TaakgebiedPage",
    "unpublished_choices",
]
