# hotline-intake: `make run` starts the whole stack, `make test` runs every check. Both set up from scratch.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/hotline.tar.gz
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONPATH := $(CURDIR)

BOT_INPUTS := config.yml domain.yml $(wildcard bot/data/*.yml) $(wildcard bot/dictionary/*) \
	$(wildcard bot/components/*.py)

.PHONY: run test venv train lint validate pytest bench load clean

run: $(VENV)/.installed $(MODEL)
	$(PY) -m stack

test: $(VENV)/.installed lint validate $(MODEL) pytest

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@PY310=$$(scripts/find-python310) || exit 1; \
	  [ -x $(PY) ] || $$PY310 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip>=24' 'setuptools<70' wheel
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip check
	@# jionlp unpacks its dictionaries into its package folder on first import: once here, not at run time
	$(PY) -c "import jionlp" > /dev/null
	touch $@

train: $(MODEL)

$(MODEL): $(VENV)/.installed $(BOT_INPUTS)
	$(RASA) train --config config.yml --domain domain.yml --data bot/data \
	  --out models --fixed-model-name hotline --quiet

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check hotline bot channels backoffice stack tests bench scripts

validate: $(VENV)/.installed
	$(RASA) data validate --config config.yml --domain domain.yml --data bot/data --fail-on-warnings

pytest: $(VENV)/.installed $(MODEL)
	$(PY) -m pytest -q

bench: $(VENV)/.installed $(MODEL)
	$(PY) bench/screening.py
	$(PY) bench/abuse_lexicon.py
	$(PY) bench/real_messages.py --replay 40
	$(PY) bench/nlu_accuracy.py

load: $(VENV)/.installed $(MODEL)
	$(PY) bench/load.py

clean:
	rm -rf models var .rasa
