"""Qt item models over the service layer's plain dataclasses."""
