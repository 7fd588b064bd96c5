"""What each role may do. Domain policies ask `roles_for(action)`; nothing else hard-codes roles."""

from enum import StrEnum

from jinguo.access.models import Role


class Action(StrEnum):
    VIEW = "view"
    COMMENT = "comment"
    MANAGE_UNITS = "manage_units"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_ACCOUNTS = "manage_accounts"
    VIEW_AUDIT = "view_audit"
    REPORT = "report"
    REVIEW_REPORTS = "review_reports"


ALL_ROLES = frozenset(Role)

ROLE_ACTIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW: ALL_ROLES,
    Action.COMMENT: frozenset({Role.SYSTEM_ADMIN, Role.LEADER}),
    Action.MANAGE_UNITS: frozenset({Role.SYSTEM_ADMIN, Role.UNIT_ADMIN}),
    Action.MANAGE_PEOPLE: frozenset({Role.SYSTEM_ADMIN, Role.UNIT_ADMIN}),
    Action.MANAGE_ACCOUNTS: frozenset({Role.SYSTEM_ADMIN, Role.UNIT_ADMIN}),
    Action.VIEW_AUDIT: frozenset({Role.SYSTEM_ADMIN, Role.UNIT_ADMIN}),
    Action.REPORT: frozenset({Role.SYSTEM_ADMIN, Role.UNIT_ADMIN, Role.INFORMATION_OFFICER, Role.REPORTER}),
    # The superior unit reviews its subordinates' periodic reports (see reporting.policies).
    Action.REVIEW_REPORTS: frozenset({Role.SYSTEM_ADMIN, Role.UNIT_ADMIN, Role.INFORMATION_OFFICER}),
}


def roles_for(action: Action) -> frozenset[Role]:
    return ROLE_ACTIONS[action]
