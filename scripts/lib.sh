# Shared by scripts/run and scripts/test.

ensure_venv() {
    if [ ! -x .venv/bin/python ]; then
        local python
        python=$(command -v python3.11 || command -v python3)
        "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
            echo "pyomero needs Python >= 3.11 ($python is older)" >&2; exit 1; }
        echo "Creating .venv with $python ..."
        "$python" -m venv .venv
    fi
}
