#!/usr/bin/env bash
# Prints the path of a working Python 3.10 interpreter, or explains what to install.
# Rasa 3.6 runs on Python 3.8-3.10 only, and a pyenv shim named python3.10 may exist
# yet refuse to run, so every candidate is asked for its version before it is trusted.
set -u

is_310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
pyenv_root="${PYENV_ROOT:-}"
if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1; then pyenv_root="$(pyenv root 2>/dev/null)"; fi
[ -z "$pyenv_root" ] && pyenv_root="$HOME/.pyenv"
for p in $(ls -d "$pyenv_root"/versions/3.10.*/bin/python 2>/dev/null | sort -rV); do candidates+=("$p"); done

for c in "${candidates[@]}"; do
  if is_310 "$c"; then echo "$c"; exit 0; fi
done
echo "error: Python 3.10 not found. Rasa 3.6 needs it: install it (for example 'pyenv install 3.10') or set PYTHON310=/path/to/python3.10." >&2
exit 1
