from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text
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

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goal.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    # Who does it: the returnee, the counsellor, a partner... written as the plan says it.
    responsible: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column_type(ActionStatus, "action_status"), default=ActionStatus.PENDING
    )

    goal = relationship("PlanGoal", back_populates="actions")

    def __repr__(self) -> str:
        return f"<PlanAction {self.id} goal={self.goal_id} {self.status}>"
