# syntax=docker/dockerfile:1
#
# The executor in a container: `elevate executor --watch`, pass after pass, stopping cleanly on
# SIGTERM (the pass in hand finishes). The same binary as the release; see docs/deploy.md.
#
#   docker build -t elevate .
#   docker run --rm \
#     -e AWS_REGION=eu-west-1 \
#     -e ELEVATE_STORE=dynamodb:elevate-ledger \
#     -e ELEVATE_KMS_SEAL_KEY=arn:aws:kms:eu-west-1:111122223333:key/… \
#     -e ELEVATE_SCHEDULER_ROLE_ARN=arn:aws:iam::111122223333:role/elevate-scheduler \
#     elevate
#
# Credentials: the executor role's, from the platform (an ECS task role, EKS pod identity or
# IRSA, an instance profile) through the standard AWS chain. `executor` refuses a person's
# Identity Center session, and the seal key lets only the executor role seal grants, so it must
# be that role (executor_role_arn, by default elevate-executor in the seal key's account).
#
# Environment (every setting has the same meaning as in the config file; docs/configuration.md):
#   ELEVATE_STORE               dynamodb:<table>, the team's ledger (required)
#   ELEVATE_KMS_SEAL_KEY        the seal key `elevate setup` created (required on DynamoDB)
#   ELEVATE_GRANT_MODE          brokered, already the default on a DynamoDB ledger
#   ELEVATE_SCHEDULER_ROLE_ARN  the role EventBridge Scheduler uses to end access on time
#   ELEVATE_INSTANCE_ARN, ELEVATE_IDENTITY_STORE_ID, ELEVATE_IDENTITY_ACCOUNT
#                               Identity Center, when ListInstances should not decide them
#   ELEVATE_NOTIFY_SNS_TOPIC    where grants, ends and tampering are announced
#   ELEVATE_EVENT_DATA_STORE, or ELEVATE_TRAIL_BUCKET and ELEVATE_TRAIL_ORG_ID
#                               where the standing check reads assignment changes
#   ELEVATE_NOTIFY_SLACK_WEBHOOK a secret: pass it from a secret store, never bake it in
#   AWS_REGION                  the ledger's region

FROM rust:1.94-alpine AS build
# The bundled SQLite and aws-lc are C: the image has gcc but not musl's headers. make and perl
# because C build scripts may call them; they stay in this stage.
RUN apk add --no-cache musl-dev make perl
WORKDIR /src
COPY . .
# On Alpine the host target is *-linux-musl, linked statically by default: the binary needs
# nothing from the final image but CA certificates.
RUN cargo build --release --locked --bin elevate \
 && install -D target/release/elevate /out/elevate

# CA certificates and tzdata, no shell, no package manager; the `nonroot` user is uid 65532.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/elevate /usr/local/bin/elevate
USER nonroot:nonroot
ENV ELEVATE_OUTPUT=json ELEVATE_NO_INPUT=true
ENTRYPOINT ["/usr/local/bin/elevate"]
CMD ["executor", "--watch"]
