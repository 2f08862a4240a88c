from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.core.db import TimestampMixin, VersionedMixin
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db


class Dimension(LabelledEnum):
    ECONOMIC = "economic", _l("Economic")
    SOCIAL = "social", _l("Social")
    PSYCHOSOCIAL = "psychosocial", _l("Psychosocial")


class GoalStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    ACHIEVED = "achieved", _l("Achieved")
    DROPPED = "dropped", _l("Dropped")


class ActionStatus(LabelledEnum):
    PENDING = "pending", _l("Pending")
    IN_PROGRESS = "in_progress", _l("In progress")
    DONE = "done", _l("Done")
    CANCELLED = "cancelled", _l("Cancelled")


class PlanGoal(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "plan_goal"
    __table_args__ = (Index("ix_plan_goal_case", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    dimension: Mapped[Dimension] = mapped_column(enum_column_type(Dimension, "dimension"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[GoalStatus] = mapped_column(
        enum_column_type(GoalStatus, "goal_status"), default=GoalStatus.OPEN
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    actions = relationship(
        "PlanAction",
        back_populates="goal",
        order_by="PlanAction.id",
        lazy="selectin",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<PlanGoal {self.id} case={self.case_id} {self.dimension}>"


class PlanAction(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "plan_action"
    __table_args__ = (
        # The counsellor's home lists the actions people say they have done: few rows.
        Index(
            "ix_plan_action_reported_done",
            "reported_done_at",
            postgresql_where=text("reported_done_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goal.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    # Who does it: the returnee, the counsellor, a partner... written as the plan says it.
    responsible: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column_type(ActionStatus, "action_status"), default=ActionStatus.PENDING
    )
    # The person does it themselves: their portal lets them say "I did this".
    by_returnee: Mapped[bool] = mapped_column(default=False, server_default="false")
    # The person said in their portal that they did it (plans.services.report_action_done),
    # until the counsellor answers: marks it done or clears the claim (any change of status
    # answers it too).
    reported_done_at: Mapped[datetime | None]
    reported_done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    goal = relationship("PlanGoal", back_populates="actions")

    def __repr__(self) -> str:
        return f"<PlanAction {self.id} goal={self.goal_id} {self.status}>"

    @property
    def is_open(self) -> bool:
        """Still to happen: pending or in progress."""
        return self.status in (ActionStatus.PENDING, ActionStatus.IN_PROGRESS)

    @property
    def is_reported_done(self) -> bool:
        """The person says it is done and the counsellor has not answered yet."""
        return self.reported_done_at is not None and self.is_open
