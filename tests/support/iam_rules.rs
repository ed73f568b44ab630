//! Which authorisations IAM makes for a call elevate sends, so that the guard can evaluate the
//! caller's identity policies (what `elevate iam-policy <role>` gives the role) as IAM would,
//! in front of an emulator that enforces none. Sources, per service:
//!
//! - DynamoDB Developer Guide, "Using IAM policy conditions for fine-grained access control"
//!   (`dynamodb:LeadingKeys`, the partition key values an item operation touches) and "Amazon
//!   DynamoDB Transactions: IAM": `TransactWriteItems` is authorised item by item as `PutItem`,
//!   `UpdateItem`, `DeleteItem` and `ConditionCheckItem`, `TransactGetItems` as `GetItem`;
//!   `BatchWriteItem`/`BatchGetItem` likewise per item. A `Query` carries the partition key it
//!   reads (on the table; on an index, the index's key is not the table's, so none is given).
//! - Service Authorization Reference, IAM Identity Center (`sso:`): account assignment actions
//!   are authorised on the instance, the permission set and the account
//!   (`arn:aws:sso:::account/<id>`); permission set reads on the instance and the permission set.
//! - Service Authorization Reference, Identity Store: on the identity store's ARN.
//! - Service Authorization Reference, EventBridge Scheduler: schedule actions on
//!   `schedule/<group>/<name>`, group actions on `schedule-group/<name>`, listing on `*`; and
//!   creating or updating a schedule passes its target's role (`iam:PassRole`, with
//!   `iam:PassedToService` = `scheduler.amazonaws.com`).
//! - Organizations: elevate's calls take no narrower resource than `*` in its policies.
//!
//! Calls of other services (STS, IAM, SNS, ...) are not evaluated here (`None`): KMS is the
//! key-policy guard's, and the others are not how anyone changes access.

use serde_json::Value;

/// One authorisation: an action on a resource, with the condition keys the request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorisation {
    pub action: String,
    pub resource: String,
    /// Multi-valued keys (`dynamodb:LeadingKeys`) and single ones, as `(key, values)`.
    pub context: Vec<(String, Vec<String>)>,
}

/// A call as the guard sees it.
pub struct Call<'a> {
    /// The SigV4 credential scope's service: `dynamodb`, `sso`, `scheduler`, ...
    pub service: &'a str,
    /// `X-Amz-Target`, for JSON protocols.
    pub target: Option<&'a str>,
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub body: &'a Value,
    pub region: &'a str,
    /// The caller's account: where its resources are.
    pub account: &'a str,
}

fn auth(action: String, resource: String) -> Authorisation {
    Authorisation {
        action,
        resource,
        context: Vec::new(),
    }
}

/// The authorisations IAM makes for `call`; `None` when the guard does not evaluate it.
pub fn authorisations(call: &Call) -> Option<Vec<Authorisation>> {
    let operation = call
        .target
        .and_then(|t| t.rsplit('.').next())
        .unwrap_or_default();
    match call.service {
        "dynamodb" => Some(dynamodb(operation, call)),
        "sso" => Some(sso(operation, call.body)),
        "identitystore" => Some(vec![auth(
            format!("identitystore:{operation}"),
            match call.body["IdentityStoreId"].as_str() {
                Some(id) => format!("arn:aws:identitystore::{}:identitystore/{id}", call.account),
                None => "*".into(),
            },
        )]),
        "organizations" => Some(vec![auth(format!("organizations:{operation}"), "*".into())]),
        "scheduler" => Some(scheduler(call)),
        _ => None,
    }
}

fn dynamodb(operation: &str, call: &Call) -> Vec<Authorisation> {
    let body = call.body;
    let table = |name: &str| {
        format!(
            "arn:aws:dynamodb:{}:{}:table/{name}",
            call.region, call.account
        )
    };
    let item = |action: &str, table_name: &str, keys: Vec<String>| Authorisation {
        action: format!("dynamodb:{action}"),
        resource: table(table_name),
        context: vec![("dynamodb:LeadingKeys".into(), keys)],
    };
    let pk = |v: &Value| v["pk"]["S"].as_str().map(str::to_string);
    let name = |v: &Value| v["TableName"].as_str().unwrap_or_default().to_string();
    match operation {
        "GetItem" | "DeleteItem" | "UpdateItem" => {
            vec![item(
                operation,
                &name(body),
                pk(&body["Key"]).into_iter().collect(),
            )]
        }
        "PutItem" => vec![item(
            operation,
            &name(body),
            pk(&body["Item"]).into_iter().collect(),
        )],
        "TransactWriteItems" | "TransactGetItems" => body["TransactItems"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| {
                let (action, inner, key) = if !t["Put"].is_null() {
                    ("PutItem", &t["Put"], "Item")
                } else if !t["Update"].is_null() {
                    ("UpdateItem", &t["Update"], "Key")
                } else if !t["Delete"].is_null() {
                    ("DeleteItem", &t["Delete"], "Key")
                } else if !t["ConditionCheck"].is_null() {
                    ("ConditionCheckItem", &t["ConditionCheck"], "Key")
                } else if !t["Get"].is_null() {
                    ("GetItem", &t["Get"], "Key")
                } else {
                    return None;
                };
                Some(item(
                    action,
                    &name(inner),
                    pk(&inner[key]).into_iter().collect(),
                ))
            })
            .collect(),
        "BatchWriteItem" => body["RequestItems"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(t, writes)| {
                writes.as_array().into_iter().flatten().map(move |w| {
                    if w["PutRequest"].is_null() {
                        ("DeleteItem", t.clone(), pk(&w["DeleteRequest"]["Key"]))
                    } else {
                        ("PutItem", t.clone(), pk(&w["PutRequest"]["Item"]))
                    }
                })
            })
            .map(|(action, t, key)| item(action, &t, key.into_iter().collect()))
            .collect(),
        "BatchGetItem" => body["RequestItems"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(t, get)| {
                let keys = get["Keys"].as_array().into_iter().flatten().filter_map(pk);
                item("GetItem", t, keys.collect())
            })
            .collect(),
        "Query" | "Scan" => {
            let resource = match body["IndexName"].as_str() {
                Some(index) => format!("{}/index/{index}", table(&name(body))),
                None => table(&name(body)),
            };
            let mut a = auth(format!("dynamodb:{operation}"), resource);
            if operation == "Query" && body["IndexName"].is_null() {
                a.context = vec![(
                    "dynamodb:LeadingKeys".into(),
                    query_partition(body).into_iter().collect(),
                )];
            }
            vec![a]
        }
        "ListTables" => vec![auth("dynamodb:ListTables".into(), "*".into())],
        other => vec![auth(format!("dynamodb:{other}"), table(&name(body)))],
    }
}

/// The partition key value a table `Query` reads: `pk = :v` in its key condition.
fn query_partition(body: &Value) -> Option<String> {
    let condition = body["KeyConditionExpression"].as_str()?;
    let first = condition.split(" AND ").next()?.trim();
    let (key, value) = first.split_once('=')?;
    let key = key.trim();
    let key = body["ExpressionAttributeNames"][key]
        .as_str()
        .unwrap_or(key);
    if key != "pk" {
        return None;
    }
    body["ExpressionAttributeValues"][value.trim()]["S"]
        .as_str()
        .map(str::to_string)
}

fn sso(operation: &str, body: &Value) -> Vec<Authorisation> {
    let instance = body["InstanceArn"].as_str();
    let instance_id = instance.and_then(|i| i.rsplit('/').next());
    // As AWS writes a permission set's ARN (the emulator's own may differ): the instance's id,
    // then the permission set's.
    let permission_set = body["PermissionSetArn"]
        .as_str()
        .and_then(|p| p.rsplit('/').next())
        .map(|ps| {
            format!(
                "arn:aws:sso:::permissionSet/{}/{ps}",
                instance_id.unwrap_or("*")
            )
        });
    let account = body["TargetId"]
        .as_str()
        .or(body["AccountId"].as_str())
        .map(|a| format!("arn:aws:sso:::account/{a}"));
    let resources: Vec<String> = [instance.map(str::to_string), permission_set, account]
        .into_iter()
        .flatten()
        .collect();
    let resources = if resources.is_empty() {
        vec!["*".to_string()]
    } else {
        resources
    };
    resources
        .into_iter()
        .map(|r| auth(format!("sso:{operation}"), r))
        .collect()
}

/// `%XX` decoding of one path segment.
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = segment
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn scheduler(call: &Call) -> Vec<Authorisation> {
    let arn = |resource: String| {
        format!(
            "arn:aws:scheduler:{}:{}:{resource}",
            call.region, call.account
        )
    };
    let segments: Vec<String> = call.path.trim_matches('/').split('/').map(decode).collect();
    let param = |name: &str| {
        call.query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .map(decode)
    };
    let verb = |get: &str, post: &str, put: &str, delete: &str| {
        match call.method {
            "GET" => get,
            "POST" => post,
            "PUT" => put,
            "DELETE" => delete,
            _ => "Unknown",
        }
        .to_string()
    };
    match segments.as_slice() {
        [first] if first == "schedules" => {
            vec![auth("scheduler:ListSchedules".into(), "*".into())]
        }
        [first] if first == "schedule-groups" => {
            vec![auth("scheduler:ListScheduleGroups".into(), "*".into())]
        }
        [first, name] if first == "schedules" => {
            let group = call.body["GroupName"]
                .as_str()
                .map(str::to_string)
                .or_else(|| param("groupName"))
                .unwrap_or_else(|| "default".into());
            let action = verb(
                "GetSchedule",
                "CreateSchedule",
                "UpdateSchedule",
                "DeleteSchedule",
            );
            let mut out = vec![auth(
                format!("scheduler:{action}"),
                arn(format!("schedule/{group}/{name}")),
            )];
            if matches!(call.method, "POST" | "PUT")
                && let Some(role) = call.body["Target"]["RoleArn"].as_str()
            {
                out.push(Authorisation {
                    action: "iam:PassRole".into(),
                    resource: role.to_string(),
                    context: vec![(
                        "iam:PassedToService".into(),
                        vec!["scheduler.amazonaws.com".into()],
                    )],
                });
            }
            out
        }
        [first, name] if first == "schedule-groups" => {
            let action = verb(
                "GetScheduleGroup",
                "CreateScheduleGroup",
                "UpdateScheduleGroup",
                "DeleteScheduleGroup",
            );
            vec![auth(
                format!("scheduler:{action}"),
                arn(format!("schedule-group/{name}")),
            )]
        }
        _ => vec![auth("scheduler:Unknown".into(), "*".into())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call<'a>(service: &'a str, target: Option<&'a str>, body: &'a Value) -> Call<'a> {
        Call {
            service,
            target,
            method: "POST",
            path: "/",
            query: "",
            body,
            region: "us-east-1",
            account: "111122223333",
        }
    }

    #[test]
    fn a_transaction_is_authorised_item_by_item_with_its_partition_keys() {
        let body = json!({"TransactItems": [
            {"Put": {"TableName": "t", "Item": {"pk": {"S": "R#1"}, "sk": {"S": "R"}}}},
            {"Update": {"TableName": "t", "Key": {"pk": {"S": "A#x"}, "sk": {"S": "A"}}}},
            {"ConditionCheck": {"TableName": "t", "Key": {"pk": {"S": "P"}, "sk": {"S": "V#1"}}}},
        ]});
        let got = authorisations(&call(
            "dynamodb",
            Some("DynamoDB_20120810.TransactWriteItems"),
            &body,
        ))
        .unwrap();
        let seen: Vec<(&str, &str)> = got
            .iter()
            .map(|a| (a.action.as_str(), a.context[0].1[0].as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("dynamodb:PutItem", "R#1"),
                ("dynamodb:UpdateItem", "A#x"),
                ("dynamodb:ConditionCheckItem", "P"),
            ]
        );
        assert!(
            got.iter()
                .all(|a| a.resource == "arn:aws:dynamodb:us-east-1:111122223333:table/t")
        );
    }

    #[test]
    fn a_query_names_its_partition_on_the_table_and_none_on_an_index() {
        let on_table = json!({"TableName": "t", "KeyConditionExpression": "pk = :pk AND begins_with(sk, :e)",
            "ExpressionAttributeValues": {":pk": {"S": "R#1"}, ":e": {"S": "E#"}}});
        let a = &authorisations(&call(
            "dynamodb",
            Some("DynamoDB_20120810.Query"),
            &on_table,
        ))
        .unwrap()[0];
        assert_eq!(
            a.context,
            [("dynamodb:LeadingKeys".to_string(), vec!["R#1".to_string()])]
        );
        let on_index = json!({"TableName": "t", "IndexName": "status-created",
            "KeyConditionExpression": "#k = :k", "ExpressionAttributeNames": {"#k": "status"},
            "ExpressionAttributeValues": {":k": {"S": "pending"}}});
        let a = &authorisations(&call(
            "dynamodb",
            Some("DynamoDB_20120810.Query"),
            &on_index,
        ))
        .unwrap()[0];
        assert_eq!(
            a.resource,
            "arn:aws:dynamodb:us-east-1:111122223333:table/t/index/status-created"
        );
        assert!(a.context.is_empty());
    }

    #[test]
    fn an_assignment_is_authorised_on_instance_permission_set_and_account() {
        let body = json!({"InstanceArn": "arn:aws:sso:::instance/ssoins-1",
            "PermissionSetArn": "arn:aws:sso:::permissionSet/whatever/ps-2",
            "TargetId": "222233334444", "TargetType": "AWS_ACCOUNT"});
        let got = authorisations(&call(
            "sso",
            Some("SWBExternalService.CreateAccountAssignment"),
            &body,
        ))
        .unwrap();
        let resources: Vec<&str> = got.iter().map(|a| a.resource.as_str()).collect();
        assert_eq!(
            resources,
            [
                "arn:aws:sso:::instance/ssoins-1",
                "arn:aws:sso:::permissionSet/ssoins-1/ps-2",
                "arn:aws:sso:::account/222233334444"
            ]
        );
        assert!(
            got.iter()
                .all(|a| a.action == "sso:CreateAccountAssignment")
        );
    }

    #[test]
    fn a_schedule_is_authorised_in_its_group_and_passes_its_role() {
        let body = json!({"GroupName": "elevate",
            "Target": {"RoleArn": "arn:aws:iam::111122223333:role/elevate-scheduler"}});
        let create = Call {
            method: "POST",
            path: "/schedules/elevate-r%2D1",
            ..call("scheduler", None, &body)
        };
        let got = authorisations(&create).unwrap();
        assert_eq!(got[0].action, "scheduler:CreateSchedule");
        assert_eq!(
            got[0].resource,
            "arn:aws:scheduler:us-east-1:111122223333:schedule/elevate/elevate-r-1"
        );
        assert_eq!(got[1].action, "iam:PassRole");
        assert_eq!(
            got[1].context,
            [(
                "iam:PassedToService".to_string(),
                vec!["scheduler.amazonaws.com".to_string()]
            )]
        );
        let empty = json!(null);
        let delete = Call {
            method: "DELETE",
            path: "/schedules/elevate-x",
            query: "groupName=elevate&clientToken=1",
            ..call("scheduler", None, &empty)
        };
        let got = authorisations(&delete).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].action, "scheduler:DeleteSchedule");
        assert!(got[0].resource.ends_with(":schedule/elevate/elevate-x"));
        // STS and others are not this guard's business.
        assert!(authorisations(&call("sts", None, &empty)).is_none());
    }
}
