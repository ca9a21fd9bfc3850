"""Booking counselling: the rules and use cases behind the booking conversation."""
