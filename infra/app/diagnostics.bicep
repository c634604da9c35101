// Resource logs and metrics of the data stores into the Log Analytics workspace, so failed and throttled requests,
// dead-lettering and authorisation failures can be queried and alerted on. Storage writes per service (table: the
// app's rows and the durable history; queue: the durable control and work-item queues; blob: leases and the package).
param workspaceId string
param storageAccountName string
param serviceBusNamespaceName string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource tableService 'tableServices' existing = {
    name: 'default'
  }

  resource queueService 'queueServices' existing = {
    name: 'default'
  }

  resource blobService 'blobServices' existing = {
    name: 'default'
  }
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

var settingName = 'to-log-analytics'
var allLogs = [
  {
    categoryGroup: 'allLogs'
    enabled: true
  }
]
var transactions = [
  {
    category: 'Transaction'
    enabled: true
  }
]

resource storageAccountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: storage
  properties: {
    workspaceId: workspaceId
    metrics: transactions
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: storage::tableService
  properties: {
    workspaceId: workspaceId
    logs: allLogs
    metrics: transactions
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: storage::queueService
  properties: {
    workspaceId: workspaceId
    logs: allLogs
    metrics: transactions
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: storage::blobService
  properties: {
    workspaceId: workspaceId
    logs: allLogs
    metrics: transactions
  }
}

resource serviceBusDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: serviceBus
  properties: {
    workspaceId: workspaceId
    logs: allLogs
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}
