# Ellie: `make run` for a laptop, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
RULE := ------------------------------------------------------------------------

# Values that make `check --deploy` see a production-style environment.
PROD_ENV := DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-secret-value-0123456789 \
	ALLOWED_HOSTS=ellie.example.org SITE_URL=https://ellie.example.org EMAIL_HOST=smtp.example.org \
	DEFAULT_FROM_EMAIL=intake@ellie.example.org INTAKE_NOTIFY_EMAILS=intake@ellie.example.org

.PHONY: run test lint check serve bench bench-pages load worker clean messages screenshots lighthouse

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# The schedule process runs beside the server (check-ins, referral deadlines, the outbox; mail
# is printed to this console) and stops with it.
# The demo sign-ins (intake staff, content editor) are printed once the server listens, below the server's banner,
# so it is on screen when the site is ready.
run: venv
	DEBUG=1 $(PY) manage.py migrate --noinput
	@echo "DEBUG=1 $(PY) manage.py load_demo"; \
	demo="$$(DEBUG=1 $(PY) manage.py load_demo)" || exit 1; \
	echo "Demo content loaded; the demo sign-ins follow once the server is listening."; \
	DEBUG=1 $(PY) manage.py run_schedule --loop & worker=$$!; \
	{ $(PY) tools/wait_for_port.py $(HOST) $(PORT); \
	  printf '\n%s\n  Ellie is ready: http://%s:%s/\n%s\n  Emails (sign-in links, check-ins, referrals) are printed in this console.\n%s\n\n' "$(RULE)" "$(HOST)" "$(PORT)" "$$demo" "$(RULE)"; } & \
	announcer=$$!; \
	trap 'kill $$worker $$announcer 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Phone-sized screenshots of the main flow (home, the self-harm page, the form, results, a
# profile) from a development server with demo content, for the README: docs/screenshots/.
# Drives the system Chromium through Playwright (tools/screenshots.py).
SHOTS_PORT ?= 8765
screenshots: venv
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo >/dev/null
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(SHOTS_PORT) --noreload >/dev/null 2>&1 & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	$(PY) tools/wait_for_port.py $(HOST) $(SHOTS_PORT) && \
	$(PY) tools/screenshots.py http://$(HOST):$(SHOTS_PORT) docs/screenshots

# The schedule process on its own (production: run it as its own long-running process; several
# copies are safe on PostgreSQL): check-ins, referral deadlines and outbox delivery.
worker: venv
	$(PY) manage.py run_schedule --loop

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: venv
	DEBUG=1 $(PY) manage.py check --fail-level WARNING
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING

test: venv lint check
	$(VENV)/bin/pytest

serve: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn ellie.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile - --access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(M)sms'

# Bounded load against a local production-style gunicorn on PostgreSQL (database ellie_load,
# 100,000 clinicians). LOAD_ARGS, e.g. "--duration 30 --threads 16"; see tools/load.py.
load: venv
	$(PY) tools/load.py $(LOAD_ARGS)

# The ranking benchmark: drops and recreates its own PostgreSQL database (ellie_bench),
# generates 10,000 then 100,000 clinicians, and prints timings (docs/performance.md).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ellie_bench
bench: venv
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=0 SECRET_KEY=bench-only-not-a-secret-0123456789-abcdefghij \
		$(PY) manage.py bench_ranking --recreate-database

# The public pages against Django's own "hello world" floor, side by side (gunicorn, 2 workers
# each, 100,000 clinicians on PostgreSQL, wrk -t2 -c16): ratios, p50s, load average and worker
# RSS (docs/performance.md). BENCH_PAGES_ARGS, e.g. "--rounds 5 --seconds 10".
BENCH_PAGES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ellie_bench_pages
bench-pages: venv
	BENCH_PAGES_DATABASE_URL=$(BENCH_PAGES_DATABASE_URL) $(PY) tools/bench_pages.py $(BENCH_PAGES_ARGS)

# Lighthouse (mobile) on /, the self-harm page, /get-matched/, /clinicians/ and a profile, served
# production-style (gunicorn, DEBUG off, WhiteNoise) on demo content in PostgreSQL database
# ellie_lighthouse; prints the four scores per page and fails under 100 (docs/performance.md).
# Needs Node 18.20+ and npm (the pinned Lighthouse is installed into tools/npm/node_modules)
# and Chromium (CHROME_PATH, else /usr/bin/chromium). LIGHTHOUSE_ARGS, e.g. "--port 8400".
LIGHTHOUSE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ellie_lighthouse
lighthouse: venv
	LIGHTHOUSE_DATABASE_URL=$(LIGHTHOUSE_DATABASE_URL) $(PY) tools/lighthouse.py $(LIGHTHOUSE_ARGS)

# After changing a public string: collect it into locale/es/LC_MESSAGES/django.po (needs GNU
# gettext's xgettext), translate the new entries there, then run this again to compile the .mo.
# docs/architecture.md "Languages".
messages: venv
	DEBUG=1 $(PY) manage.py makemessages -l es --no-location --ignore=.venv --ignore=tests \
		--ignore=staticfiles --ignore=static --ignore=tools
	$(PY) tools/compile_messages.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
