"""A base for the historical models of migrations written before trial texts were translatable.

django-parler's translation rows (migration 0013) need their master model to be translatable in
the migration state, so the models of 0001 name this base. Before 0013 no translation model
exists and parler's own mixin cannot build or save a row; this one then acts as a plain model.
"""

from __future__ import annotations

from typing import Any

from parler.models import TranslatableModelMixin


class TranslatableInMigrations(TranslatableModelMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self._parler_meta is None:  # a state before the translation tables
            self._translations_cache = None
            self._current_language = None
            super(TranslatableModelMixin, self).__init__(*args, **kwargs)
        else:
            super().__init__(*args, **kwargs)

    def save_translations(self, *args: Any, **kwargs: Any) -> None:
        if self._parler_meta is not None and self._translations_cache is not None:
            super().save_translations(*args, **kwargs)
