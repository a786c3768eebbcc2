"""Who may do what with a practice (django-rules predicates, named practices.verb_object).

Reading is not a rule here: whether a practice may be seen at all is the confidentiality rule,
applied by Practice.objects.visible_to(user) (core/visibility.py). These predicates decide the
actions on a practice the user can already see.
"""

import rules

from strongcities.core.predicates import is_network_member, is_secretariat
from strongcities.core.visibility import user_partner_ids


def _owner_ids(user, practice) -> tuple[bool, bool]:
    """(in the owner's team, a focal point of the owner) for a signed-in user."""
    if practice is None or not user.is_authenticated:
        return False, False
    if practice.city_id:
        return practice.city_id in user.member_city_ids, (
            practice.city_id in user.focal_point_city_ids
        )
    in_partner = practice.partner_id in user_partner_ids(user)
    return in_partner, in_partner


@rules.predicate
def is_owner_team(user, practice) -> bool:
    return _owner_ids(user, practice)[0]


@rules.predicate
def is_owner_focal_point(user, practice) -> bool:
    return _owner_ids(user, practice)[1]


@rules.predicate
def is_editable(user, practice) -> bool:
    return practice is not None and practice.status in practice.EDITABLE_STATUSES


@rules.predicate
def is_draft_or_returned(user, practice) -> bool:
    return practice is not None and practice.status in ("draft", "changes-requested")


@rules.predicate
def is_submitted(user, practice) -> bool:
    return practice is not None and practice.status == "submitted"


@rules.predicate
def is_published(user, practice) -> bool:
    return practice is not None and practice.status == "published"


@rules.predicate
def is_archived(user, practice) -> bool:
    return practice is not None and practice.status == "archived"


@rules.predicate
def is_city_team_member(user) -> bool:
    return bool(user.is_authenticated and (user.member_city_ids or user_partner_ids(user)))


@rules.predicate
def is_review_expert(user, review) -> bool:
    return review is not None and user.is_authenticated and review.expert_id == user.pk


@rules.predicate
def is_review_owner_focal_point(user, review) -> bool:
    return review is not None and _owner_ids(user, review.practice)[1]


@rules.predicate
def is_review_proposed(user, review) -> bool:
    return review is not None and review.status == "proposed"


@rules.predicate
def is_review_consented(user, review) -> bool:
    return review is not None and review.status == "consented"


rules.add_perm("practices.add_practice", is_city_team_member | is_secretariat)
rules.add_perm("practices.change_practice", is_editable & (is_owner_team | is_secretariat))
rules.add_perm(
    "practices.submit_practice",
    is_draft_or_returned & (is_owner_focal_point | is_secretariat),
)
rules.add_perm("practices.review_practice", is_submitted & is_secretariat)
rules.add_perm("practices.archive_practice", is_published & (is_owner_focal_point | is_secretariat))
rules.add_perm("practices.restore_practice", is_archived & is_secretariat)
rules.add_perm("practices.confirm_practice", is_published & is_owner_team)
rules.add_perm("practices.view_history", is_owner_team | is_secretariat)
rules.add_perm("practices.view_contact", is_network_member | is_owner_team)
rules.add_perm("practices.propose_peer_review", is_published & is_secretariat)
rules.add_perm("practices.consent_peer_review", is_review_proposed & is_review_owner_focal_point)
rules.add_perm("practices.write_peer_review", is_review_consented & is_review_expert)
rules.add_perm("practices.view_peer_review", is_review_expert | is_secretariat)
