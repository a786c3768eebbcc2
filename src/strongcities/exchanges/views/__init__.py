"""The exchanges pages, one module per part: lookup (finding an exchange or programme through
the confidentiality rule), exchanges (list, propose, page), actions (lifecycle steps and
participants), reports (reports, draft practice, follow-ups), programmes, city (the section of
a city's profile) and impact (the secretariat's figures)."""
