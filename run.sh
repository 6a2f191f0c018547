#!/usr/bin/env bash
# Builds the extension, installs it into the stock Keycloak distribution (fetched from Maven Central
# by the build) and starts Keycloak in dev mode with the identity and sandbox-bank realms.
#   ./run.sh                       -> http://localhost:8080, embedded dev-file database
#   KC_DB=postgres KC_DB_URL=jdbc:postgresql://localhost/keycloak KC_DB_USERNAME=kc KC_DB_PASSWORD=kc ./run.sh
# Extra arguments go to kc.sh start-dev, e.g. ./run.sh --http-port=8180
set -euo pipefail
cd "$(dirname "$0")"

mvn -q -DskipTests package -pl server -am
KC_HOME=$(ls -d server/target/keycloak-*/ | head -n 1)
PORT=${PORT:-8080}
export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
export SANDBOX_BANK_BROWSER_URL=${SANDBOX_BANK_BROWSER_URL:-http://localhost:$PORT/realms/sandbox-bank}
export SANDBOX_BANK_SERVER_URL=${SANDBOX_BANK_SERVER_URL:-http://localhost:$PORT/realms/sandbox-bank}
export IDENTITY_SERVER_URL=${IDENTITY_SERVER_URL:-http://localhost:$PORT/realms/identity}

cat <<INFO
Starting Keycloak from $KC_HOME with the open-finance extension.
  Admin console:     http://localhost:$PORT/admin/  (user $KC_BOOTSTRAP_ADMIN_USERNAME, password $KC_BOOTSTRAP_ADMIN_PASSWORD; first start only)
  Discovery:         http://localhost:$PORT/realms/identity/.well-known/openid-configuration
  Sample partner:    client_id demo-partner, client_secret demo-partner-secret, redirect_uri http://localhost:3000/callback
  Sandbox bank:      customers alice / alice-sandbox and bob / bob-sandbox
INFO
# parameterized-scopes: one client scope `id` carries every bank as id:<bankId> (docs/admins.md, "Add a bank");
exec "$KC_HOME/bin/kc.sh" start-dev --import-realm --features=parameterized-scopes --http-port="$PORT" "$@"
