from tests.matrix import Entry

ENTRIES = [
    Entry("core:home", every=200),
    Entry("core:healthz", every=200),
    Entry("core:set_language", method="post", data=lambda w: {"language": "fr"}, every=302),
    Entry("core:set_language", every=405, label="GET not allowed"),
]
