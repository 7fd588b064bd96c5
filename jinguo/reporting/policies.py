"""Who sees and does what in periodic reporting.

A submission belongs to its unit: reporters see their own unit's, reviewers and leaders their
subtree's. The superior unit reviews (a grant strictly above the reporting unit; for a department's
report, a grant on its unit that is not merely the department's). A definition is visible to its
owner's reach and to the units below its owner that it may ask to report.
"""

from django.db import models
from django.db.models import Q

from jinguo.access.policies import TreeScopedPolicy
from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit
from jinguo.reporting.models import ReportDefinition, Submission


class SubmissionPolicy(TreeScopedPolicy[Submission]):
    model = Submission

    def base_queryset(self) -> models.QuerySet[Submission]:
        return Submission.objects.select_related("definition", "unit", "department")


submissions = SubmissionPolicy()


def _ancestor_paths(paths: list[str]) -> set[str]:
    step = OrgUnit.steplen
    return {path[:end] for path in paths for end in range(step, len(path) + 1, step)}


def definition_scope(user: User) -> models.QuerySet[ReportDefinition]:
    reach = granted_paths(user, Action.VIEW)
    return ReportDefinition.objects.filter(path_q(reach, "owner__path") | Q(owner__path__in=_ancestor_paths(reach)))


def _department_only(user: User, submission: Submission) -> bool:
    return submission.department_id is not None and user.grants.filter(department=submission.department_id).exists()


def can_fill(user: User, submission: Submission) -> bool:
    if submission.department_id is not None and _department_only(user, submission):
        return True
    return covers(granted_paths(user, Action.REPORT), submission.unit.path)


def can_review(user: User, submission: Submission) -> bool:
    paths = granted_paths(user, Action.REVIEW_REPORTS)
    unit_path = submission.unit.path
    if submission.department_id is not None:
        return covers(paths, unit_path) and not _department_only(user, submission)
    return any(unit_path.startswith(prefix) and unit_path != prefix for prefix in paths)


def can_comment(user: User, submission: Submission) -> bool:
    """Leaders above the unit comment (点评) and choose highlights; so do its reviewers."""
    unit_path = submission.unit.path
    above = [prefix for prefix in granted_paths(user, Action.COMMENT) if unit_path.startswith(prefix)]
    return any(prefix != unit_path for prefix in above) or can_review(user, submission)
