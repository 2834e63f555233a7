"""Dates in the English interface: written as in the Dutch one ("15 January 2026"), the
day first as in British English, times on the 24-hour clock."""

from portal.formats.nl.formats import *  # noqa: F403
