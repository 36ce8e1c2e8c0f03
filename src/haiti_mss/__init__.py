"""mss: a coverage tracker for the Kenya-led Multinational Security Support mission in Haiti.

Every record is one claim made by one source, with a verbatim quote that is checked against the
archived source text.
"""

__version__ = "0.1.0"
