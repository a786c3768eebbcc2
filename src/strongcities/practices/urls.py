from django.urls import path

from strongcities.practices.views import editing, library, peer_review

app_name = "practices"

urlpatterns = [
    path("", library.library, name="library"),
    path("export.<str:fmt>", library.export, name="export"),
    path("mine/", editing.mine, name="mine"),
    path("review/", editing.queue, name="queue"),
    path("new/", editing.create, name="create"),
    path("peer-reviews/", peer_review.reviews, name="peer_reviews"),
    path("peer-reviews/<int:pk>/", peer_review.review, name="peer_review"),
    path("peer-reviews/<int:pk>/consent/", peer_review.consent, name="peer_review_consent"),
    path("<str:key>/", library.detail, name="detail"),
    path("<str:key>/edit/", editing.edit, name="edit"),
    path("<str:key>/submit/", editing.submit, name="submit"),
    path("<str:key>/request-changes/", editing.request_changes, name="request_changes"),
    path("<str:key>/publish/", editing.publish, name="publish"),
    path("<str:key>/archive/", editing.archive, name="archive"),
    path("<str:key>/restore/", editing.restore, name="restore"),
    path("<str:key>/confirm/", editing.confirm, name="confirm"),
    path("<str:key>/versions/", library.versions, name="versions"),
    path("<str:key>/versions/<int:number>/", library.version, name="version"),
    path("<str:key>/files/add/", editing.attachment_add, name="attachment_add"),
    path("<str:key>/files/<int:pk>/", library.attachment, name="attachment"),
    path("<str:key>/files/<int:pk>/remove/", editing.attachment_remove, name="attachment_remove"),
    path("<str:key>/peer-review/propose/", peer_review.propose, name="peer_review_propose"),
]
