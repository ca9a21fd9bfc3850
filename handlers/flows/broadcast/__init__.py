"""/broadcast for staff. `steps` dispatches (its `STEPS` table); `audience` asks what it is
about and who gets it; `preview` counts them and shows it in each of their languages; `state`
is the draft kept between two messages (`BroadcastDraft`)."""
