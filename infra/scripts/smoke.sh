#!/usr/bin/env bash
# Post-deployment smoke test of a Grassroots deployment: the path one real event takes, signed in as the people and
# systems that take it. It says what it proved and what it skipped, and exits non-zero at the first failure.
#
#   infra/scripts/smoke.sh                      # Azure: values from the azd environment, tokens from az / Entra
#   infra/scripts/smoke.sh --azd-hook           # as azd's postdeploy hook: runs only when GRASSROOTS_SMOKE_TEST=true
#   infra/scripts/smoke.sh --auth development --base-url http://localhost:7071    # the local host
#
# It imports the sample directory (config/putian-directory.json) with the chain bantou-g1-u1 -> xialin-street handed to
# the signed-in admin and the housing bureau's identity set to the department app, so run it against a development or
# test environment, never against one whose directory is real.
#
# Azure mode needs az (signed in as a user holding the Grassroots.Admin app role), curl and jq, and
#   AUTH_CLIENT_ID, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, SERVICE_API_URI,
#   AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE (azd env), AZURE_TENANT_ID
#   SMOKE_DEPARTMENT_CLIENT_ID, SMOKE_DEPARTMENT_CLIENT_SECRET: a department app registration holding the
#   Grassroots.Department app role and Azure Service Bus Data Receiver on dept-chengxiang-housing (infra/README.md).
# Development mode sends the principal header itself (Grassroots__Auth__Mode=Development) and takes keys from
# SMOKE_FUNCTION_KEY / SMOKE_MASTER_KEY when the host enforces them.
set -euo pipefail

auth=azure
base_url=""
azd_hook=false
timeout_seconds=${SMOKE_TIMEOUT_SECONDS:-180}
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
directory_file=${SMOKE_DIRECTORY_FILE:-$repo_root/config/putian-directory.json}

while [[ $# -gt 0 ]]; do
  case $1 in
    --auth) auth=$2; shift 2 ;;
    --base-url) base_url=$2; shift 2 ;;
    --azd-hook) azd_hook=true; shift ;;
    --timeout) timeout_seconds=$2; shift 2 ;;
    *) echo "smoke: unknown argument $1" >&2; exit 2 ;;
  esac
done

proved=()
skipped=()
ok() { echo "ok    $1: $2"; proved+=("$1"); }
skip() { echo "skip  $1: $2"; skipped+=("$1"); }
fail() { echo "FAIL  $1: $2"; echo "smoke: FAILED at '$1' (${#proved[@]} checks passed before it)"; exit 1; }

if [[ $azd_hook == true && ${GRASSROOTS_SMOKE_TEST:-} != true ]]; then
  echo "smoke: not run (it imports a test directory); azd env set GRASSROOTS_SMOKE_TEST true to run it after each deploy"
  exit 0
fi

for tool in curl jq; do
  command -v "$tool" > /dev/null || fail "prerequisites" "$tool is not installed"
done

# The chain the smoke event climbs, and the department it ends with (both in the sample directory).
unit=bantou-g1-u1
chain_nodes='["bantou-g1-u1","bantou-g1","bantou","xialin-street"]'
chain_tiers=(unit grid community town)
department=chengxiang-housing
queue=$(jq -r --arg d "$department" '.departments[] | select(.id == $d) | .queueName' "$directory_file")

# ---- who we are -------------------------------------------------------------------------------------------------
jwt_claim() { # $1 token, $2 jq expression over the payload
  local payload
  payload=$(cut -d. -f2 <<< "$1" | tr '_-' '/+')
  while (( ${#payload} % 4 )); do payload+="="; done
  base64 -d <<< "$payload" 2> /dev/null | jq -r "$2"
}

principal_header() { # $1 claim type of the id, $2 id, $3 role, $4 idtyp (app for an app signed in as itself): what App Service Authentication would inject
  jq -cn --arg t "$1" --arg id "$2" --arg role "$3" --arg idtyp "${4:-user}" \
    '{auth_typ: "aad", role_typ: "roles", claims: [{typ: $t, val: $id}, {typ: "roles", val: $role}, {typ: "idtyp", val: $idtyp}]}' | base64 | tr -d '\n'
}

if [[ $auth == azure ]]; then
  command -v az > /dev/null || fail "prerequisites" "az is not installed"
  if command -v azd > /dev/null; then
    while IFS='=' read -r name value; do
      [[ -z ${!name:-} ]] && export "$name=${value//\"/}"
    done < <(azd env get-values 2> /dev/null | grep -E '^(AUTH_CLIENT_ID|AZURE_RESOURCE_GROUP|AZURE_FUNCTION_APP_NAME|SERVICE_API_URI|AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE|AZURE_TENANT_ID|SMOKE_DEPARTMENT_CLIENT_ID)=')
  fi
  for name in AUTH_CLIENT_ID AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME SERVICE_API_URI AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE AZURE_TENANT_ID SMOKE_DEPARTMENT_CLIENT_ID SMOKE_DEPARTMENT_CLIENT_SECRET; do
    [[ -n ${!name:-} ]] || fail "prerequisites" "$name is not set (see the header of this script)"
  done
  base_url=${base_url:-$SERVICE_API_URI}

  required=$(az ad sp show --id "$AUTH_CLIENT_ID" --query appRoleAssignmentRequired -o tsv 2> /dev/null) \
    || fail "api service principal" "az ad sp show --id $AUTH_CLIENT_ID failed"
  [[ $required == true ]] || fail "api service principal" "appRoleAssignmentRequired is '$required': any app in the tenant can get a token for the API"
  ok "api service principal" "appRoleAssignmentRequired=true: only assigned users and apps get tokens"

  admin_token=$(az account get-access-token --scope "api://$AUTH_CLIENT_ID/.default" --query accessToken -o tsv) \
    || fail "admin token" "az account get-access-token for api://$AUTH_CLIENT_ID failed"
  admin_id=$(jwt_claim "$admin_token" '.oid')
  [[ $(jwt_claim "$admin_token" '.roles // [] | index("Grassroots.Admin") != null') == true ]] \
    || fail "admin token" "the signed-in user's token has no Grassroots.Admin role"
  ok "admin token" "user $admin_id holds Grassroots.Admin"

  client_token() { # $1 scope
    curl -sS --fail-with-body -X POST "https://login.microsoftonline.com/$AZURE_TENANT_ID/oauth2/v2.0/token" \
      --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$SMOKE_DEPARTMENT_CLIENT_ID" \
      --data-urlencode "client_secret=$SMOKE_DEPARTMENT_CLIENT_SECRET" --data-urlencode "scope=$1" | jq -r .access_token
  }
  department_token=$(client_token "api://$AUTH_CLIENT_ID/.default") || fail "department token" "client credentials refused"
  department_id=$(jwt_claim "$department_token" '.azp // .appid')
  [[ $(jwt_claim "$department_token" '.roles // [] | index("Grassroots.Department") != null') == true ]] \
    || fail "department token" "the department app's token has no Grassroots.Department role"
  ok "department token" "app $department_id holds Grassroots.Department"

  keys=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" -o json) || fail "function keys" "az functionapp keys list failed"
  function_key=$(jq -r '.functionKeys.default' <<< "$keys")
  master_key=$(jq -r '.masterKey' <<< "$keys")
  admin_auth=(-H "Authorization: Bearer $admin_token")
  department_auth=(-H "Authorization: Bearer $department_token")
elif [[ $auth == development ]]; then
  [[ -n $base_url ]] || fail "prerequisites" "--base-url is required in development mode"
  admin_id=${SMOKE_ADMIN_ID:-00000000-0000-0000-0000-0000000051a0}
  department_id=${SMOKE_DEPARTMENT_ID:-00000000-0000-0000-0000-0000000051d0}
  function_key=${SMOKE_FUNCTION_KEY:-}
  master_key=${SMOKE_MASTER_KEY:-}
  admin_auth=(-H "X-MS-CLIENT-PRINCIPAL: $(principal_header http://schemas.microsoft.com/identity/claims/objectidentifier "$admin_id" Grassroots.Admin)")
  department_auth=(-H "X-MS-CLIENT-PRINCIPAL: $(principal_header azp "$department_id" Grassroots.Department app)")
  skip "api service principal" "development mode: no Entra app registration to check"
  ok "development principal" "admin $admin_id and department $department_id sign in through the principal header"
else
  fail "prerequisites" "--auth must be azure or development"
fi
base_url=${base_url%/}

# ---- HTTP -------------------------------------------------------------------------------------------------------
response_file=$(mktemp)
trap 'rm -f "$response_file"' EXIT
status=""
body=""
call() { # method path [curl args...]: sets status and body
  local method=$1 path=$2
  shift 2
  status=$(curl -sS -o "$response_file" -w '%{http_code}' -X "$method" "$base_url$path" "$@") || status=000
  body=$(cat "$response_file")
}

read_event() { # $1 auth array name
  local -n with=$1
  call GET "/api/events/$event_id" "${with[@]}"
}

wait_for_event() { # $1 step, $2 jq condition over the event
  local deadline=$((SECONDS + timeout_seconds))
  while (( SECONDS < deadline )); do
    read_event admin_auth
    if [[ $status == 200 ]] && [[ $(jq -r "$2" <<< "$body") == true ]]; then
      return 0
    fi
    sleep 1
  done
  fail "$1" "after ${timeout_seconds}s the event is $(jq -c '{status, stage, currentTier, dispatches: [.dispatches[]? | {departmentId, state}]}' <<< "$body" 2> /dev/null || echo "$status $body")"
}

json=(-H "Content-Type: application/json")
key_header() { [[ -n $1 ]] && printf '%s\n' -H "x-functions-key: $1"; }
mapfile -t function_key_header < <(key_header "$function_key")
mapfile -t master_key_header < <(key_header "$master_key")

# ---- the path of one event --------------------------------------------------------------------------------------
call GET /api/health
[[ $status == 200 ]] || fail "health" "$status $body"
[[ $(jq -r 'has("dependencies") or has("version")' <<< "$body") == false ]] || fail "health" "anonymous health shows details: $body"
ok "health" "$(jq -r .status <<< "$body") (anonymous: status only)"

call POST "/api/events/EV-SMOKE-NONE/reviews" "${json[@]}" -d '{"tier":"unit","decision":"escalate"}'
[[ $status == 401 ]] || fail "anonymous review refused" "expected 401, got $status"
ok "anonymous review refused" "401 without a principal"

smoke_directory=$(jq --arg admin "$admin_id" --arg dept "$department_id" --arg d "$department" --argjson chain "$chain_nodes" '
  .nodes |= map(if (.id as $id | $chain | index($id)) != null
    then .responsible = {personId: "p-smoke-admin", name: "Smoke test administrator", role: "Post-deployment smoke test",
                         contact: "+86 594 000 0000", identityId: $admin}
    else . end)
  | .departments |= map(if .id == $d then .contact.identityId = $dept else . end)' "$directory_file")
call POST /api/directory/import "${json[@]}" "${master_key_header[@]}" "${admin_auth[@]}" --data-binary "$smoke_directory"
[[ $status == 200 ]] || fail "directory import" "$status $body (401: the app did not trust the principal; check the 'Principal trust' line of its start-up log)"
ok "directory import" "as admin: $(jq -c . <<< "$body"); the app believed the admin's principal"

run_id="smoke-$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM"
capture=$(jq -cn --arg unit "$unit" --arg ref "$run_id" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{
  category: "livelihood", title: "Smoke test: disputed floor area", description: "Post-deployment smoke test event.",
  unitId: $unit, channel: "unit-head", occurredAt: $at, reporter: {name: "Smoke Test", phone: "+86 138 0000 0000"},
  channelReference: $ref}')
call POST /api/events "${json[@]}" "${function_key_header[@]}" -H "Idempotency-Key: $run_id" -d "$capture"
[[ $status == 202 || $status == 200 ]] || fail "capture" "$status $body"
event_id=$(jq -r .eventId <<< "$body")
ok "capture" "$status event $event_id with the function key"

read_event admin_auth
[[ $status == 200 ]] || fail "read" "$status $body"
ok "read" "admin reads $event_id: $(jq -r '.status + ", " + .stage + " at " + .currentTier' <<< "$body")"

for i in "${!chain_tiers[@]}"; do
  tier=${chain_tiers[$i]}
  wait_for_event "review at $tier" ".stage == \"awaiting-review\" and .currentTier == \"$tier\""
  # A review answers the round the event waits in now.
  round=$(jq -r .round <<< "$body")
  if [[ $tier == town ]]; then
    review=$(jq -cn --arg d "$department" --argjson r "$round" '{tier: "town", decision: "dispatch", departments: [$d], round: $r, note: "Smoke test dispatch"}')
  else
    review=$(jq -cn --arg t "$tier" --argjson r "$round" '{tier: $t, decision: "escalate", round: $r, note: "Smoke test escalation"}')
  fi
  call POST "/api/events/$event_id/reviews" "${json[@]}" "${admin_auth[@]}" -d "$review"
  [[ $status == 202 ]] || fail "review at $tier" "$status $body"
  ok "review at $tier" "$(jq -r .decision <<< "$review") accepted (202)"
done
wait_for_event "dispatched" ".stage == \"dispatched\""
dispatch_round=$(jq -r .round <<< "$body")
ok "dispatched" "$event_id is with $department"

read_event department_auth
[[ $status == 200 ]] || fail "department reads its event" "$status $body"
ok "department reads its event" "as app $department_id"

if [[ $auth == azure ]]; then
  bus_token=$(client_token "https://servicebus.azure.net/.default") || fail "department queue" "no Service Bus token for the department app"
  found=""
  locks=()
  deadline=$((SECONDS + 60))
  while [[ -z $found ]] && (( SECONDS < deadline )) && (( ${#locks[@]} < 50 )); do
    headers=$(mktemp)
    status=$(curl -sS -o "$response_file" -D "$headers" -w '%{http_code}' -X POST \
      "https://$AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE/$queue/messages/head?timeout=5" -H "Authorization: Bearer $bus_token" -H "Content-Length: 0")
    location=$(grep -i '^Location:' "$headers" | cut -d' ' -f2- | tr -d '\r' || true)
    rm -f "$headers"
    [[ $status == 201 ]] || { [[ $status == 204 ]] && continue; fail "department queue" "peek-lock on $queue answered $status $(cat "$response_file")"; }
    locks+=("$location")
    grep -q "$event_id" "$response_file" && found=$location
  done
  # Unlock everything: the department's own consumer still receives its messages.
  for lock in "${locks[@]}"; do curl -sS -o /dev/null -X PUT "$lock" -H "Authorization: Bearer $bus_token" -H "Content-Length: 0" || true; done
  [[ -n $found ]] || fail "department queue" "no message for $event_id among ${#locks[@]} on $queue"
  ok "department queue" "the department app peek-locked the dispatch of $event_id on $queue and unlocked it"
else
  skip "department queue" "development mode: the local Service Bus endpoint speaks AMQP only (no REST), so this script cannot read $queue; the local test reads it with the Service Bus client"
fi

call POST "/api/events/$event_id/department-reports" "${json[@]}" "${department_auth[@]}" -d "{\"kind\":\"acknowledged\",\"round\":$dispatch_round,\"note\":\"Smoke test\"}"
[[ $status == 202 || $status == 409 ]] || fail "department acknowledges" "$status $body"
acknowledged=$status
wait_for_event "department acknowledges" "[.dispatches[] | select(.departmentId == \"$department\") | .state] | index(\"acknowledged\") != null or index(\"resolved\") != null"
ok "department acknowledges" "$acknowledged$([[ $acknowledged == 409 ]] && echo ' (the department'"'"'s own consumer reported first)')"
call POST "/api/events/$event_id/department-reports" "${json[@]}" "${department_auth[@]}" -d "{\"kind\":\"resolved\",\"round\":$dispatch_round,\"note\":\"Smoke test: nothing to fix\"}"
[[ $status == 202 || $status == 409 ]] || fail "department resolves" "$status $body"
wait_for_event "event closed" ".status != \"open\""
ok "event closed" "$(jq -r '.status + " (" + (.outcome // "no outcome") + ") at " + (.resolvedTier // "?")' <<< "$body"), timeline: $(jq -r '[.timeline[].kind] | join(" > ")' <<< "$body")"

joined() { local IFS=';'; echo "$*" | sed 's/;/; /g'; }
echo "PROVED: $(joined "${proved[@]}")"
echo "SKIPPED: $(joined "${skipped[@]}")"
echo "smoke: passed (${#proved[@]} checks, ${#skipped[@]} skipped) against $base_url"
