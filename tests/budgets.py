"""Query budgets: what every request costs beside what its page needs."""

# Every request that shows the practice reads the public pages' version once (ellie.pagecache):
# one primary-key read without a shared cache, none with one (tests run without).
VERSION = 1
