"""Permission predicates of the events app (django-rules), named events.verb_object.

Whether an event may be *seen* at all is `Event.objects.visible_to(user)`: views look the event
up through it and answer 404 otherwise. These predicates decide what a viewer may *do*.
"""

import rules

from strongcities.core.predicates import is_network_member, is_secretariat


@rules.predicate
def is_delegated_host_focal_point(user, event) -> bool:
    """The host city's focal points organise the event when the secretariat delegated it."""
    return bool(
        event is not None
        and user.is_authenticated
        and event.delegated_to_host
        and event.host_city_id
        and event.host_city_id in user.focal_point_city_ids
    )


@rules.predicate
def is_focal_point(user) -> bool:
    return bool(user.is_authenticated and user.focal_point_city_ids)


is_organiser = is_secretariat | is_delegated_host_focal_point

# Create events (the secretariat only; it then delegates to a host city if it wants).
rules.add_perm("events.add_event", is_secretariat)
# Edit an event, its categories, agenda, speakers, materials, outcomes; manage registrations,
# invitations, check-in; see attendance, feedback and the CSV export.
rules.add_perm("events.organise_event", is_organiser)
# See speakers' real names and consent records.
rules.add_perm("events.see_speaker_identity", is_secretariat)
# Register one's city's delegation (any focal point; the service checks the event's rules).
rules.add_perm("events.register_delegation", is_focal_point | is_secretariat)
# See the participant list (members only; each participant appears only with their consent).
rules.add_perm("events.see_participants", is_network_member)
