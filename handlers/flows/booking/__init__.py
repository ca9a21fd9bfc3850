"""The booking conversation: kind → place → day → time → confirm (→ phone) → booked, typed
times read back as an absolute date first, and the person's bookings, waitlist and offers."""
