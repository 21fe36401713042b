"""Pages of long lists whose total is not worth counting exactly.

A station's request list reaches a hundred thousand rows; counting them all on every page costs more than the page
(the database reads every row in scope, where the page itself stops after 25 of them in index order). Past a cap,
nobody pages through a list: they filter or search it. ``CappedPaginator`` counts up to the cap and no further, and
says so (``capped``); the pages it offers cover the newest ``cap`` rows.
"""

from functools import cached_property

from django.core.paginator import Paginator

LIST_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = LIST_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        # unordered, so the database may stop at the first cap + 1 rows it finds whichever way is cheapest
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether there are more rows than the pages reach."""
        return self._counted > self.cap
