"""Messages drafted from an agreement, in its language: when a reply is due, the acknowledgement."""
