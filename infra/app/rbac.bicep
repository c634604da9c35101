// Least-privilege data-plane roles, each on the exact resource it is needed for.
// Names are guid(scope, principal, role): stable across redeployments, unique per assignment.
param storageAccountName string
param serviceBusNamespaceName string
param applicationInsightsName string

@description('Principal id of the Function App\'s user-assigned identity.')
param appPrincipalId string

@description('Object id of the deploying user; when non-empty that user gets data roles for local debugging.')
param userPrincipalId string = ''

// Built-in role definition ids (same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Blob Data Owner: the Functions host takes blob leases (singleton/listener locks) and the Flex
// deployment package is read with the identity. Queue and Table Data Contributor: the durable task
// hub (Azure Storage provider) keeps its control/work-item queues and history/instance tables there,
// and the app keeps its own tables (events, timelines, breaches, points) in the same account.
var storageDataRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

// The app only sends (reviewer notifications, department dispatches); department consumers and
// reviewers' clients are separate apps with their own identities, so no Receiver role here.
var appServiceBusRoles = [
  roles.serviceBusDataSender
]

// A developer running the app locally sends as the app does and inspects what was sent.
var userServiceBusRoles = [
  roles.serviceBusDataSender
  roles.serviceBusDataReceiver
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource appStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageDataRoles: {
    name: guid(storage.id, appPrincipalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appServiceBusRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appServiceBusRoles: {
    name: guid(serviceBus.id, appPrincipalId, roleId)
    scope: serviceBus
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Application Insights has local auth disabled: ingestion needs Monitoring Metrics Publisher.
resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.monitoringMetricsPublisher
    )
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource userStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageDataRoles: if (!empty(userPrincipalId)) {
    name: guid(storage.id, userPrincipalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: userPrincipalId
      principalType: 'User'
    }
  }
]

resource userServiceBusRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in userServiceBusRoles: if (!empty(userPrincipalId)) {
    name: guid(serviceBus.id, userPrincipalId, roleId)
    scope: serviceBus
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: userPrincipalId
      principalType: 'User'
    }
  }
]
