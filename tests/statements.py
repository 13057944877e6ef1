"""Recording the statements a session runs, for tests that a statement is built once."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import ORMExecuteState


def recorder(ran: list[object]) -> Callable[[ORMExecuteState], None]:
    """A `do_orm_execute` listener appending each statement run to `ran`."""

    def record(state: ORMExecuteState) -> None:
        ran.append(state.statement)

    return record
