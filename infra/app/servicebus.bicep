// Service Bus: the reviewers' topic (one subscription per tier, filtered on the `tier` application
// property, plus an unfiltered audit subscription), the reporters' topic (residents' status messages, one
// subscription per intake channel, filtered on `channel`, plus audit) and one queue per department. Everything comes
// from infra/servicebus-entities.json and config/putian-directory.json through main.bicep.
// Standard tier: topics and duplicate detection need it. Local (SAS) auth is disabled.

@description('A subscription of a topic; `filter` holds application properties matched by a correlation filter.')
type topicSubscription = {
  name: string
  filter: {
    *: string
  }?
  @description('The client that reads this subscription; absent: nobody reads it yet.')
  readBy: string?
}

@description('A topic as written in servicebus-entities.json (reviewerTopic, reporterTopic).')
type topicSpec = {
  name: string
  subscriptions: topicSubscription[]
}

@description('Entity defaults as written in servicebus-entities.json (ISO 8601 durations).')
type entityDefaults = {
  maxDeliveryCount: int
  lockDuration: string
  duplicateDetectionHistoryTimeWindow: string
  defaultMessageTimeToLive: string
  @description('Time to live on subscriptions nobody reads: short, and expired messages are dropped, not dead-lettered.')
  unreadMessageTimeToLive: string
}

param name string
param location string
param tags object = {}
param reviewerTopic topicSpec

@description('Residents\' status messages, for each channel\'s adapter to deliver.')
param reporterTopic topicSpec
param defaults entityDefaults

@description('Department queue names (departments[].queueName of the org directory).')
param queueNames string[]

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: reviewerTopic.name
  properties: {
    // Activities send with a deterministic MessageId (event id + step): retries are dropped here.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: defaults.duplicateDetectionHistoryTimeWindow
    defaultMessageTimeToLive: defaults.defaultMessageTimeToLive
    enableBatchedOperations: true
  }
}

// A subscription nobody reads keeps every message until it expires, and a dead-lettered message still counts
// against the topic's size: the audit subscription and tiers without a client would fill the topic until sends fail
// with QuotaExceeded. Their messages live a short time and are dropped on expiry.
resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscription in reviewerTopic.subscriptions: {
    parent: topic
    name: subscription.name
    properties: {
      lockDuration: defaults.lockDuration
      maxDeliveryCount: defaults.maxDeliveryCount
      defaultMessageTimeToLive: subscription.?readBy != null ? defaults.defaultMessageTimeToLive : defaults.unreadMessageTimeToLive
      deadLetteringOnMessageExpiration: subscription.?readBy != null
      deadLetteringOnFilterEvaluationExceptions: true
      enableBatchedOperations: true
    }
  }
]

// A subscription with a filter gets its `$Default` rule (a TrueFilter that would let every
// message through) replaced by a correlation filter on application properties, e.g. tier = 'unit'.
resource filterRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (subscription, i) in reviewerTopic.subscriptions: if (subscription.?filter != null) {
    parent: subscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'CorrelationFilter'
      correlationFilter: {
        properties: subscription.?filter ?? {}
      }
    }
  }
]

// The reporters' topic: the same settings, duplicate detection and filter rules as the reviewers'.
resource reporterUpdatesTopic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: reporterTopic.name
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: defaults.duplicateDetectionHistoryTimeWindow
    defaultMessageTimeToLive: defaults.defaultMessageTimeToLive
    enableBatchedOperations: true
  }
}

resource reporterSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscription in reporterTopic.subscriptions: {
    parent: reporterUpdatesTopic
    name: subscription.name
    properties: {
      lockDuration: defaults.lockDuration
      maxDeliveryCount: defaults.maxDeliveryCount
      defaultMessageTimeToLive: subscription.?readBy != null ? defaults.defaultMessageTimeToLive : defaults.unreadMessageTimeToLive
      deadLetteringOnMessageExpiration: subscription.?readBy != null
      deadLetteringOnFilterEvaluationExceptions: true
      enableBatchedOperations: true
    }
  }
]

resource reporterFilterRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (subscription, i) in reporterTopic.subscriptions: if (subscription.?filter != null) {
    parent: reporterSubscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'CorrelationFilter'
      correlationFilter: {
        properties: subscription.?filter ?? {}
      }
    }
  }
]

resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: namespace
    name: queueName
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: defaults.duplicateDetectionHistoryTimeWindow
      lockDuration: defaults.lockDuration
      maxDeliveryCount: defaults.maxDeliveryCount
      defaultMessageTimeToLive: defaults.defaultMessageTimeToLive
      deadLetteringOnMessageExpiration: true
      enableBatchedOperations: true
    }
  }
]

output name string = namespace.name
output id string = namespace.id
// https://<name>.servicebus.windows.net:443/ -> <name>.servicebus.windows.net (cloud-agnostic).
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
