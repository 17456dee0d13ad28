"""Where: an offline gazetteer, the places a document names, and where its events happen.

* :class:`Gazetteer` (:func:`default_gazetteer`): names to countries, cities of 15,000+
  people, US states and other first-order regions, seas and land forms.
* :func:`find_places`: the toponyms of a parsed document, read as places or metonymic
  actors and geocoded.
* :func:`event_location`: the place named in an event trigger's clause.
"""

from __future__ import annotations

from .gazetteer import Candidate, Gazetteer, default_gazetteer
from .location import event_location, locate, place_tokens
from .places import find_places

__all__ = [
    "Candidate",
    "Gazetteer",
    "default_gazetteer",
    "event_location",
    "find_places",
    "locate",
    "place_tokens",
]
