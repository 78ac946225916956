"""Pure rules of a pursuit's journey: no Qt, no database."""
