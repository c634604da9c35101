// Alert rules for what goes wrong quietly in this pipeline: messages nobody can process, department queues nobody
// drains, orchestrations that die, and a storage account that throttles the durable task hub. Each rule notifies the
// action group passed in; without one the alerts still fire and show in the portal.
param location string
param tags object = {}
param storageAccountName string
param serviceBusNamespaceName string
param workspaceId string

@description('Department queue names (departments[].queueName of the org directory).')
param departmentQueueNames string[]

@description('Resource id of the action group to notify; empty: alerts fire without notifications.')
param actionGroupId string = ''

@allowed([
  'PT1H'
  'PT6H'
  'PT12H'
  'P1D'
])
@description('A department queue that holds messages for this whole window raises an alert.')
param departmentQueueWaitWindow string = 'PT6H'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

var metricActions = empty(actionGroupId)
  ? []
  : [
      {
        actionGroupId: actionGroupId
      }
    ]

// One time series per entity (queue or topic), so the alert names the entity whose messages were dead-lettered.
resource deadLettered 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-dead-lettered-${serviceBus.name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages were dead-lettered on a Service Bus entity: a department or reviewers\' client failed them maxDeliveryCount times, or a filter failed. Inspect the entity\'s dead-letter queue.'
    severity: 2
    enabled: true
    scopes: [
      serviceBus.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered-messages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: metricActions
  }
}

// Service Bus exposes no "age of the oldest message" metric. A department queue whose active-message count never
// dropped to zero during the whole window has held at least one message that long: for queues this quiet (a few
// dispatches a day) that is the oldest message's age, and a department that stopped reading.
resource departmentQueueWaiting 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-department-queue-waiting-${serviceBus.name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'A department queue held messages for the whole window (${departmentQueueWaitWindow}): the department\'s system is not reading its dispatches.'
    severity: 2
    enabled: true
    scopes: [
      serviceBus.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: departmentQueueWaitWindow
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'department-queue-never-empty'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'ActiveMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: departmentQueueNames
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Minimum'
        }
      ]
    }
    actions: metricActions
  }
}

// Throttled requests slow the durable task hub (every orchestration step is a queue and table round trip).
resource storageThrottled 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-storage-throttled-${storage.name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'The storage account throttled requests (server busy or account limits): durable orchestrations and the app\'s tables slow down.'
    severity: 2
    enabled: true
    scopes: [
      storage.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'throttled-transactions'
          metricNamespace: 'Microsoft.Storage/storageAccounts'
          metricName: 'Transactions'
          dimensions: [
            {
              name: 'ResponseType'
              operator: 'Include'
              values: [
                'ServerBusyError'
                'ClientThrottlingError'
                'ClientAccountBandwidthThrottlingError'
                'ClientAccountRequestThrottlingError'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    actions: metricActions
  }
}

// The Durable Functions extension traces every instance state change (category Host.Triggers.DurableTask, with
// prop__functionType and prop__state); workspace-based Application Insights writes them to AppTraces. An event's
// orchestration must never fail (activity failures are caught and retried), so one failure is worth a look.
resource failedOrchestrations 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-failed-orchestrations-${last(split(workspaceId, '/'))}'
  location: location
  tags: tags
  properties: {
    displayName: 'Failed event orchestrations'
    description: 'An EventEscalation orchestration ended Failed: that event no longer escalates or times out. Find the instance id (the event id) in AppTraces.'
    severity: 1
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'AppTraces | where Properties.Category == "Host.Triggers.DurableTask" and Properties.prop__functionType == "Orchestrator" and Properties.prop__state == "Failed"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: empty(actionGroupId) ? [] : [actionGroupId]
    }
  }
}
