"""Why an edition document cannot be imported: problems, each with its place."""

from dataclasses import dataclass


class DocumentError(Exception):
    """The document cannot be imported; ``problems`` says where and why."""

    def __init__(self, problems):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"
