#!/usr/bin/env python3
"""The local AWS emulator (moto) for elevate's tests, demo and benchmarks.

  emulator.py serve PORT            run moto_server on 127.0.0.1:PORT; exits when its parent does
  emulator.py seed --endpoint URL --account ID [--no-org] [--accounts N]
                                    seed an organisation, Identity Center users, groups and
                                    permission sets in account ID; print JSON with the ids and
                                    short-lived credentials (assumed-role sessions) per user;
                                    --accounts adds N member accounts acct-00.. under Workloads
  emulator.py inventory --endpoint URL --account ID
                                    every account assignment of the instance, as JSON
  emulator.py assignments --endpoint URL --account ID --target T --permission-set ARN
                                    print the assignments of T/ARN as JSON
  emulator.py schedules --endpoint URL --account ID
                                    print elevate's EventBridge schedules as JSON
  emulator.py assign --endpoint URL --account ID --target T --permission-set ARN --user UID
                                    create a direct assignment (pre-existing access)

Credentials: moto maps an access key to the account of the role it assumed, so each caller is an
`assumed-role/AWSReservedSSO_<set>_<hex>/<user>` session in the seeded account, as in real
Identity Center. Plain AKIA keys map to moto's default account and are only used to assume roles.

Every role assumed is created in moto's IAM first, with the path Identity Center gives its roles
(`/aws-reserved/sso.amazonaws.com/`; us-east-1 instances have no region segment): only then does
moto answer GetCallerIdentity with the role's stable id (`aws:userid` = `<role id>:<session>`,
which a seal names as its author), and `RoleArn` (the role's ARN with its path) is what
`aws:PrincipalArn` is for that session. Each credential is printed with both:

  requesters (alice, erin)      AWSReservedSSO_ElevateRequester_<16 hex>, session <user>
  approvers (bob, carol, dave)  AWSReservedSSO_ElevateApprover_<16 hex>, session <user>
  admin                         AWSReservedSSO_ElevateAdmin_<16 hex>, session adam (elevate's
                                administrator, in the group Admins, which no rule names)
  ci                            role ci-deployer, session gh-run-42 (a [[delegate]] caller)
  executor                      role elevate-executor, session executor
"""
import argparse
import json
import os
import sys
import threading
import time

REGION = "us-east-1"
BOOT_KEY = ("AKIAEMULATORBOOT0000", "boot-secret")

USERS = {
    "alice": ["Engineers"],
    "bob": ["Approvers"],
    "carol": ["Approvers"],
    "dave": ["Engineers", "Approvers"],
    "erin": ["Release"],
    # elevate's administrator: sets the ledger up and applies policy versions.
    "adam": ["Admins"],
    # An auditor: reads the ledger and looks for access elevate did not give.
    "ivy": ["Auditors"],
}
PERMISSION_SETS = {"AdministratorAccess": "PT4H", "ReadOnlyAccess": "PT1H"}
# The permission set each user runs elevate with (its role is in the seeded account), and the
# key of their credentials in the seed's output.
PEOPLE = {
    "alice": ("ElevateRequester", "alice"),
    "bob": ("ElevateApprover", "bob"),
    "carol": ("ElevateApprover", "carol"),
    "dave": ("ElevateApprover", "dave"),
    "erin": ("ElevateRequester", "erin"),
    "adam": ("ElevateAdmin", "admin"),
    "ivy": ("ElevateAuditor", "ivy"),
}
SSO_PATH = "/aws-reserved/sso.amazonaws.com/"
# Roles that are not people's: (credentials key, role name, session name).
ROLES = [
    ("ci", "ci-deployer", "gh-run-42"),
    ("executor", "elevate-executor", "executor"),
]


_CLIENTS = {}


def client(endpoint, service, creds=None):
    """A client of `service` with `creds` (default: the boot key), made once: creating a boto3
    client costs tens of milliseconds, more than the call it makes."""
    import boto3

    ak, sk, st = creds or (BOOT_KEY[0], BOOT_KEY[1], None)
    key = (endpoint, service, ak)
    if key not in _CLIENTS:
        if "session" not in _CLIENTS:
            _CLIENTS["session"] = boto3.session.Session()
        _CLIENTS[key] = _CLIENTS["session"].client(
            service,
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id=ak,
            aws_secret_access_key=sk,
            aws_session_token=st,
        )
    return _CLIENTS[key]


def session(endpoint, account, role, name, role_arn=None):
    """Short-lived credentials of role `role` in `account` (or of `role_arn`, with its path),
    with session name `name`."""
    out = client(endpoint, "sts").assume_role(
        RoleArn=role_arn or f"arn:aws:iam::{account}:role/{role}", RoleSessionName=name
    )
    c = out["Credentials"]
    return {
        "AccessKeyId": c["AccessKeyId"],
        "SecretAccessKey": c["SecretAccessKey"],
        "SessionToken": c["SessionToken"],
        "Arn": out["AssumedRoleUser"]["Arn"],
    }


def sso_role_name(account, permission_set):
    """Identity Center's role for a permission set: AWSReservedSSO_<set>_<16 hex>, the suffix
    differing per account (as Identity Center's does)."""
    import hashlib

    suffix = hashlib.sha256(f"{account}/{permission_set}".encode()).hexdigest()[:16]
    return f"AWSReservedSSO_{permission_set}_{suffix}"


def create_role(iam, name, path="/"):
    """The role, created in moto's IAM (or found there): its ARN with its path, and its id."""
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
    try:
        role = iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=trust)["Role"]
    except iam.exceptions.EntityAlreadyExistsException:
        role = iam.get_role(RoleName=name)["Role"]
    return role["Arn"], role["RoleId"]


def role_session(endpoint, account, iam, role, name, path="/"):
    """Credentials of a session of `role` (created first), with the role's ARN (path and all)
    and the session's aws:userid."""
    arn, role_id = create_role(iam, role, path)
    c = session(endpoint, account, role, name, role_arn=arn)
    c["RoleArn"] = arn
    # What GetCallerIdentity answers as UserId for this session (moto: the role's id, as AWS).
    c["UserId"] = f"{role_id}:{name}"
    return c


def admin(endpoint, account):
    c = session(endpoint, account, "elevate-seeder", "seeder")
    return (c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


def _assignments_are_a_set():
    """In Identity Center an account assignment exists or not: creating one that exists changes
    nothing. moto appends a duplicate instead, so a replayed CreateAccountAssignment (a retry
    after a lost answer, as the fault tests make) would leave access behind after the one
    deletion. Make creation idempotent, as the real service is."""
    from moto.ssoadmin.exceptions import ResourceNotFoundException
    from moto.ssoadmin.models import SSOAdminBackend

    create = SSOAdminBackend.create_account_assignment

    def create_once(self, instance_arn, target_id, target_type, permission_set_arn,
                    principal_type, principal_id):
        try:
            existing = self._find_account(instance_arn, target_id, target_type,
                                          permission_set_arn, principal_type, principal_id)
            return existing.to_json(include_creation_date=True, include_request_id=True)
        except ResourceNotFoundException:
            return create(self, instance_arn, target_id, target_type, permission_set_arn,
                          principal_type, principal_id)

    SSOAdminBackend.create_account_assignment = create_once


def _provisioned_where_assigned():
    """In Identity Center, assigning a permission set in an account provisions it there, and
    ListAccountsForProvisionedPermissionSet lists every such account. moto lists only its own
    account, and only after an explicit ProvisionPermissionSet, so an assignment in a member
    account would be invisible to `audit standing`. List the accounts assignments (past or
    present) provisioned it to, as the real service does."""
    from moto.ssoadmin.models import SSOAdminBackend

    listed = SSOAdminBackend.list_accounts_for_provisioned_permission_set

    def provisioned(self, instance_arn, permission_set_arn):
        accounts = list(listed(self, instance_arn, permission_set_arn))
        for a in self.account_assignments + self.deleted_account_assignments:
            if (a.instance_arn == instance_arn and a.permission_set_arn == permission_set_arn
                    and a.target_id not in accounts):
                accounts.append(a.target_id)
        return accounts

    SSOAdminBackend.list_accounts_for_provisioned_permission_set = provisioned


def serve(port):
    parent = os.getppid()

    def watch():
        # The test harness may be killed without a chance to stop us: follow it.
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import run_simple

    _assignments_are_a_set()
    _provisioned_where_assigned()
    app = DomainDispatcherApplication(create_backend_app)
    dynamodb = threading.Lock()

    def serialized(environ, start_response):
        # moto checks a DynamoDB condition and then writes without a lock, so two racing
        # conditional writes can both succeed: real DynamoDB never allows that. One DynamoDB
        # request at a time restores the guarantee the ledger relies on.
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            with dynamodb:
                return list(app(environ, start_response))
        return app(environ, start_response)

    run_simple("127.0.0.1", port, serialized, threaded=True)


def seed(endpoint, account, with_org, extra_accounts=0):
    creds = admin(endpoint, account)
    sso = client(endpoint, "sso-admin", creds)
    ids = client(endpoint, "identitystore", creds)
    iam = client(endpoint, "iam", creds)
    inst = sso.list_instances()["Instances"][0]
    store, instance_arn = inst["IdentityStoreId"], inst["InstanceArn"]
    out = {
        "account": account,
        "instance_arn": instance_arn,
        "identity_store_id": store,
        "accounts": {},
        "users": {},
        "groups": {},
        "permission_sets": {},
        "credentials": {},
    }
    if with_org:
        # root ─ Workloads ─ Prod ─ prod;  Workloads ─ dev;  management at the root
        org = client(endpoint, "organizations", creds)
        org.create_organization(FeatureSet="ALL")
        root = org.list_roots()["Roots"][0]["Id"]
        workloads = org.create_organizational_unit(ParentId=root, Name="Workloads")["OrganizationalUnit"]["Id"]
        prod_ou = org.create_organizational_unit(ParentId=workloads, Name="Prod")["OrganizationalUnit"]["Id"]
        out["root"] = root
        out["ous"] = {"Workloads": workloads, "Prod": prod_ou}
        members = [("dev", workloads), ("prod", prod_ou)]
        members += [(f"acct-{i:02}", workloads) for i in range(extra_accounts)]
        for name, parent in members:
            status = org.create_account(AccountName=name, Email=f"{name}@example.com")
            account_id = status["CreateAccountStatus"]["AccountId"]
            org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=parent)
            out["accounts"][name] = account_id
        out["accounts"]["management"] = account
    groups = {}
    for g in sorted({g for gs in USERS.values() for g in gs}):
        groups[g] = ids.create_group(IdentityStoreId=store, DisplayName=g)["GroupId"]
    out["groups"] = groups
    for user, member_of in USERS.items():
        uid = ids.create_user(
            IdentityStoreId=store,
            UserName=user,
            DisplayName=user.title(),
            Name={"GivenName": user.title(), "FamilyName": "Example"},
        )["UserId"]
        out["users"][user] = uid
        for g in member_of:
            ids.create_group_membership(
                IdentityStoreId=store, GroupId=groups[g], MemberId={"UserId": uid}
            )
        permission_set, key = PEOPLE[user]
        out["credentials"][key] = role_session(
            endpoint, account, iam, sso_role_name(account, permission_set), user, SSO_PATH
        )
    for name, duration in PERMISSION_SETS.items():
        # Always send SessionDuration: without it moto answers a number the SDK cannot read.
        ps = sso.create_permission_set(
            InstanceArn=instance_arn, Name=name, SessionDuration=duration
        )["PermissionSet"]
        out["permission_sets"][name] = ps["PermissionSetArn"]
    for key, role, name in ROLES:
        out["credentials"][key] = role_session(endpoint, account, iam, role, name)
    return out


def inventory(endpoint, account):
    """Every assignment of every permission set on every account of the organisation."""
    creds = admin(endpoint, account)
    sso = client(endpoint, "sso-admin", creds)
    org = client(endpoint, "organizations", creds)
    instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
    sets = sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]
    out = []
    for acct in org.list_accounts()["Accounts"]:
        for ps in sets:
            got = sso.list_account_assignments(
                InstanceArn=instance_arn, AccountId=acct["Id"], PermissionSetArn=ps
            )["AccountAssignments"]
            for a in got:
                out.append({
                    "account": acct["Id"],
                    "permission_set": ps,
                    "type": a["PrincipalType"],
                    "id": a["PrincipalId"],
                })
    return out


def has_role(endpoint, account, target, permission_set, user):
    """What the access portal decides for GetRoleCredentials: whether the user, or a group the
    user is in, is assigned the permission set (by name) on the target account."""
    creds = admin(endpoint, account)
    sso = client(endpoint, "sso-admin", creds)
    inst = sso.list_instances()["Instances"][0]
    sets = sso.list_permission_sets(InstanceArn=inst["InstanceArn"])["PermissionSets"]
    arn = next(
        (ps for ps in sets
         if sso.describe_permission_set(InstanceArn=inst["InstanceArn"], PermissionSetArn=ps)
         ["PermissionSet"]["Name"] == permission_set),
        None,
    )
    if arn is None:
        return {"assigned": False}
    ids = client(endpoint, "identitystore", creds)
    groups = {
        m["GroupId"]
        for m in ids.list_group_memberships_for_member(
            IdentityStoreId=inst["IdentityStoreId"], MemberId={"UserId": user}
        )["GroupMemberships"]
    }
    got = sso.list_account_assignments(
        InstanceArn=inst["InstanceArn"], AccountId=target, PermissionSetArn=arn
    )["AccountAssignments"]
    return {
        "assigned": any(
            (a["PrincipalType"] == "USER" and a["PrincipalId"] == user)
            or (a["PrincipalType"] == "GROUP" and a["PrincipalId"] in groups)
            for a in got
        )
    }


def portal(endpoint, account, port, tokens):
    """A stand-in for the AWS access portal, which moto does not serve: GetRoleCredentials
    (GET /federation/credentials, the sign-in's token in x-amz-sso_bearer_token) answered as the
    portal does, from Identity Center's assignments in the emulator. `tokens`: token=user id."""
    import secrets
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlparse

    known = dict(t.split("=", 1) for t in tokens)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body, kind=None):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            if kind:
                self.send_header("x-amzn-errortype", kind)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            user = known.get(self.headers.get("x-amz-sso_bearer_token", ""))
            if url.path != "/federation/credentials":
                return self.answer(404, {"message": "no such operation"}, "ResourceNotFoundException")
            if user is None:
                return self.answer(401, {"message": "Session token not found or invalid"}, "UnauthorizedException")
            if not has_role(endpoint, account, q.get("account_id", ""), q.get("role_name", ""), user)["assigned"]:
                return self.answer(403, {"message": "No access"}, "ForbiddenException")
            self.answer(200, {"roleCredentials": {
                "accessKeyId": "ASIA" + secrets.token_hex(8).upper(),
                "secretAccessKey": secrets.token_urlsafe(30),
                "sessionToken": secrets.token_urlsafe(60),
                "expiration": int((time.time() + 3600) * 1000),
            }})

    ThreadingHTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()


def assignments(endpoint, account, target, permission_set):
    sso = client(endpoint, "sso-admin", admin(endpoint, account))
    inst = sso.list_instances()["Instances"][0]["InstanceArn"]
    got = sso.list_account_assignments(
        InstanceArn=inst, AccountId=target, PermissionSetArn=permission_set
    )["AccountAssignments"]
    return [{"type": a["PrincipalType"], "id": a["PrincipalId"]} for a in got]


def assign(endpoint, account, target, permission_set, user):
    sso = client(endpoint, "sso-admin", admin(endpoint, account))
    inst = sso.list_instances()["Instances"][0]["InstanceArn"]
    sso.create_account_assignment(
        InstanceArn=inst,
        TargetId=target,
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=permission_set,
        PrincipalType="USER",
        PrincipalId=user,
    )
    return {"ok": True}


def flip_status(endpoint, table, request_id, status):
    """What an insider with write access to requests can do to the ledger: set a request's
    status (record and index attribute) with their own credentials, from the environment."""
    import os

    creds = (
        os.environ["AWS_ACCESS_KEY_ID"],
        os.environ["AWS_SECRET_ACCESS_KEY"],
        os.environ.get("AWS_SESSION_TOKEN"),
    )
    ddb = client(endpoint, "dynamodb", creds)
    key = {"pk": {"S": "R#" + request_id}, "sk": {"S": "R"}}
    item = ddb.get_item(TableName=table, Key=key)["Item"]
    body = json.loads(item["body"]["S"])
    body["status"] = status
    ddb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET #b = :b, #s = :s",
        ExpressionAttributeNames={"#b": "body", "#s": "status"},
        ExpressionAttributeValues={":b": {"S": json.dumps(body)}, ":s": {"S": status}},
    )
    return {"ok": True, "request": request_id, "status": status}


def put_trail(endpoint, account, bucket, key, records_file):
    """Writes a CloudTrail log file (gzip JSON, {"Records": [...]}) as a trail delivers it."""
    import gzip

    s3 = client(endpoint, "s3", admin(endpoint, account))
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    with open(records_file) as f:
        records = json.load(f)
    body = gzip.compress(json.dumps({"Records": records}).encode())
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    return {"ok": True, "bytes": len(body)}


def sns_queue(endpoint, account):
    """An SNS topic with an SQS queue subscribed: what a notification consumer would read."""
    creds = admin(endpoint, account)
    sns, sqs = client(endpoint, "sns", creds), client(endpoint, "sqs", creds)
    topic = sns.create_topic(Name="elevate-notices")["TopicArn"]
    queue = sqs.create_queue(QueueName="elevate-notices")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    return {"topic": topic, "queue": queue}


def sqs_read(endpoint, account, queue):
    """Every message waiting in the queue: the SNS messages, in order."""
    sqs = client(endpoint, "sqs", admin(endpoint, account))
    out = []
    while True:
        got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not got:
            return out
        for m in got:
            out.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])


def schedules(endpoint, account):
    sch = client(endpoint, "scheduler", admin(endpoint, account))
    try:
        names = [x["Name"] for x in sch.list_schedules(GroupName="elevate")["Schedules"]]
    except sch.exceptions.ResourceNotFoundException:
        return []
    out = []
    for name in names:
        got = sch.get_schedule(Name=name, GroupName="elevate")
        out.append({
            "name": name,
            "expression": got["ScheduleExpression"],
            "timezone": got.get("ScheduleExpressionTimezone"),
            "after": got.get("ActionAfterCompletion"),
            "target": got["Target"]["Arn"],
            "role": got["Target"]["RoleArn"],
            "input": json.loads(got["Target"]["Input"]),
        })
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("port", type=int)
    t = sub.add_parser("put-trail")
    for arg in ("--endpoint", "--account", "--bucket", "--key", "--records"):
        t.add_argument(arg, required=True)
    f = sub.add_parser("flip-status")
    for arg in ("--endpoint", "--table", "--id", "--status"):
        f.add_argument(arg, required=True)
    n = sub.add_parser("sns-queue")
    n.add_argument("--endpoint", required=True)
    n.add_argument("--account", required=True)
    r = sub.add_parser("sqs-read")
    for arg in ("--endpoint", "--account", "--queue"):
        r.add_argument(arg, required=True)
    for name in ("schedules", "inventory"):
        q = sub.add_parser(name)
        q.add_argument("--endpoint", required=True)
        q.add_argument("--account", required=True)
    for name in ("seed", "assignments", "assign", "has-role"):
        q = sub.add_parser(name)
        q.add_argument("--endpoint", required=True)
        q.add_argument("--account", required=True)
        if name == "seed":
            q.add_argument("--no-org", action="store_true")
            q.add_argument("--accounts", type=int, default=0)
        else:
            q.add_argument("--target", required=True)
            q.add_argument("--permission-set", required=True)
        if name in ("assign", "has-role"):
            q.add_argument("--user", required=True)
    o = sub.add_parser("portal")
    for arg in ("--endpoint", "--account", "--port"):
        o.add_argument(arg, required=True)
    o.add_argument("--token", action="append", default=[], help="token=user id")
    a = p.parse_args()
    if a.cmd == "serve":
        return serve(a.port)
    if a.cmd == "portal":
        return portal(a.endpoint, a.account, a.port, a.token)
    if a.cmd == "seed":
        result = seed(a.endpoint, a.account, not a.no_org, a.accounts)
    elif a.cmd == "put-trail":
        result = put_trail(a.endpoint, a.account, a.bucket, a.key, a.records)
    elif a.cmd == "flip-status":
        result = flip_status(a.endpoint, a.table, a.id, a.status)
    elif a.cmd == "sns-queue":
        result = sns_queue(a.endpoint, a.account)
    elif a.cmd == "sqs-read":
        result = sqs_read(a.endpoint, a.account, a.queue)
    elif a.cmd == "inventory":
        result = inventory(a.endpoint, a.account)
    elif a.cmd == "schedules":
        result = schedules(a.endpoint, a.account)
    elif a.cmd == "assignments":
        result = assignments(a.endpoint, a.account, a.target, a.permission_set)
    elif a.cmd == "has-role":
        result = has_role(a.endpoint, a.account, a.target, a.permission_set, a.user)
    else:
        result = assign(a.endpoint, a.account, a.target, a.permission_set, a.user)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
