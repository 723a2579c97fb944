"""A task-list item, and the items the installed stage guards give. The whole list is dhr/overview/tasks.py."""

from dataclasses import dataclass

from dhr.core.links import path_for
from dhr.reviews.stages import ReviewStage
from dhr.reviews.workflow import GUARDS, answer


@dataclass(frozen=True)
class Task:
    """One thing to do, and whether it is done."""

    label: str
    done: bool
    href: str
    hint: str = ""


def guard_tasks(review, target: ReviewStage) -> list[Task]:
    """A task for each installed guard of the move into `target` that names one: done when the guard is met."""
    tasks = []
    for guard in GUARDS.get(target, []):
        if guard.task:
            missing = answer(guard, review)
            href = path_for(guard.endpoint, review_id=review.id)
            tasks.append(Task(guard.task, missing is None, href, guard.hint or missing or ""))
    return tasks
