# Shared by scripts/demo and scripts/test: find a Python that Django 6 accepts (>= 3.12)
# and keep the project's virtualenv in .venv up to date.

find_python() {
  local candidates=(python3.13 python3.12 python3)
  local c
  for c in "${candidates[@]}" /root/.pyenv/versions/3.13*/bin/python3 \
           /root/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.1[2-9]; do
    if command -v "$c" >/dev/null 2>&1 && \
       "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$c"
      return 0
    fi
  done
  echo "tousu needs Python 3.12 or newer (Django 6 requires it); none was found" >&2
  return 1
}

ensure_venv() {
  local extras="$1"
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    rm -rf .venv
    "$(find_python)" -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
}
