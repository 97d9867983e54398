# Shared by scripts/run, scripts/test and scripts/bench: packages, builds, private clusters.
# Source it from the repository root.

PG_BIN=/usr/lib/postgresql/15/bin
PACKAGES=(build-essential cmake pkg-config libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
          libboost-test1.81-dev libpq-dev libsodium-dev postgresql-15 postgresql-client-15
          nodejs  # a real HTTP client (fetch) in the integration tests; its npm fetches Redoc and the web tests' tools
          prometheus  # promtool checks a real /metrics scrape in the integration tests
          openssl ca-certificates  # scripts/fetch-redoc checks Redoc's hash; the image's CA certificates
          chromium)  # the headless browser that loads /docs in scripts/test-web

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs whatever Debian package is missing (idempotent, quiet when nothing is).
ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# build_folio DIR BUILD_TYPE [cmake options…]: configures and builds every target into DIR.
build_folio() {
  local dir=$1 type=$2
  shift 2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

# ensure_web_tools DIR: installs tests/web's npm packages, pinned by its package-lock.json, into DIR
# (with npm's cache inside it); does nothing when DIR already holds that very lock file's packages.
ensure_web_tools() {
  local dir=$1
  if cmp -s tests/web/package-lock.json "$dir/package-lock.json" && [ -d "$dir/node_modules" ]; then return; fi
  mkdir -p "$dir"
  cp tests/web/package.json tests/web/package-lock.json "$dir/"
  (cd "$dir" && npm_config_cache="$dir/npm-cache" npm ci --silent --no-audit --no-fund >/dev/null)
}

# PostgreSQL refuses to run as root: as root, cluster commands run as the postgres user.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_cluster DIR: initdb on first use (socket only, no TCP), then start it. The socket lives in
# DIR/socket; the cluster outlives this script.
start_cluster() {
  local dir=$1
  shift
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    pg_as_owner mkdir -p "$dir/socket"
    pg_as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/socket'
port = 5432
max_connections = 200
$(printf '%s\n' "$@")
CONF
  fi
  if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w start >/dev/null
  fi
}

stop_cluster() {
  pg_as_owner "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}

# cluster_url DIR DATABASE
cluster_url() { echo "postgresql://postgres@/$2?host=$1/socket&port=5432"; }

# ensure_database DIR NAME: creates the database when it does not exist yet.
ensure_database() {
  local exists
  exists=$(psql "$(cluster_url "$1" postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname = '$2'")
  [ "$exists" = 1 ] || psql "$(cluster_url "$1" postgres)" -qc "CREATE DATABASE $2" >/dev/null
}

# The DATABASE_URL folio will see: the environment's, then .env's.
configured_database_url() {
  if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; return; fi
  [ -f .env ] && sed -n 's/^[[:space:]]*\(export[[:space:]]\+\)\?DATABASE_URL[[:space:]]*=[[:space:]]*//p' .env | tail -n 1
}
