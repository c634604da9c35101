// Grassroots: the whole Azure footprint of the event-escalation pipeline, deployed by `azd up`.
// Shape follows Azure-Samples/durable-functions-quickstart-dotnet-azd (subscription scope, one
// resource group, a user-assigned identity, identity-based connections only), with the modules
// written here because the public module registry is not used by this repository.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment. Seeds the unique resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Primary location for all resources. Must be a region that offers the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user (azd fills AZURE_PRINCIPAL_ID). When non-empty, that user gets data-plane roles for local debugging. Leave empty in CI.')
param principalId string = ''

@description('Grant the deploying user (principalId) data roles on the storage account and the Service Bus namespace, which hold residents\' names and phone numbers. Off by default; turn on for a development environment only. Leave off when azd runs as a service principal (CI): the user roles are typed User.')
param grantDeployingUserDataRoles bool = false

@minLength(1)
@description('Application (client) id of the Microsoft Entra app registration that protects the API through Easy Auth. Create it first: see infra/README.md.')
param authClientId string

@description('Tenant of the Entra app registration.')
param authTenantId string = subscription().tenantId

@minLength(1)
@description('IANA time zone of the model city; the overnight-review deadline is computed in it.')
param timeZone string = 'Asia/Shanghai'

// A fresh value on every deployment is harmless: tokens already handed out are found by their hash, and only a capture
// retried across the deployment gets no token back. So nothing needs storing or rotating by hand.
@secure()
@description('Base64 key residents\' tracking tokens are derived under (HMAC); random per deployment unless set.')
param trackingTokenKey string = base64('${newGuid()}${newGuid()}')

@description('Name of the resource group to create. Default: rg-<environmentName>.')
param resourceGroupName string = ''

@allowed([
  512
  2048
  4096
])
@description('Memory of one Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Upper bound of Flex Consumption scale-out.')
param maximumInstanceCount int = 100

@minValue(0)
@maxValue(10)
@description('Always-ready instances for the durable group, so durable timers (overnight review deadlines) fire on time on a plan that would otherwise scale to zero. 0 saves the idle cost where late timers are acceptable.')
param durableAlwaysReadyInstances int = 1

// One source for the Service Bus entities: the local endpoint and the app read the same file.
var serviceBusEntities = loadJsonContent('servicebus-entities.json')
// Department queues come from the org directory (departments[].queueName). Only the departments
// array is loaded so the directory's (large) node tree never ends up inside the template.
var departments = loadJsonContent('../config/putian-directory.json', '$.departments')
var departmentQueueNames = map(departments, department => department.queueName)

@description('Resource id of an action group the alert rules notify (e-mail, SMS, webhook). Empty: alerts fire and show in the portal without notifying anyone.')
param alertActionGroupId string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: 'sb-${resourceToken}'
    location: location
    tags: tags
    reviewerTopic: serviceBusEntities.reviewerTopic
    reporterTopic: serviceBusEntities.reporterTopic
    defaults: serviceBusEntities.defaults
    queueNames: departmentQueueNames
  }
}

module diagnostics 'app/diagnostics.bicep' = {
  name: 'diagnostics'
  scope: rg
  params: {
    workspaceId: monitoring.outputs.logAnalyticsId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    workspaceId: monitoring.outputs.logAnalyticsId
    departmentQueueNames: departmentQueueNames
    actionGroupId: alertActionGroupId
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: grantDeployingUserDataRoles ? principalId : ''
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    reviewerTopicName: serviceBusEntities.reviewerTopic.name
    reporterTopicName: serviceBusEntities.reporterTopic.name
    timeZone: timeZone
    trackingTokenKey: trackingTokenKey
    authClientId: authClientId
    authTenantId: authTenantId
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    durableAlwaysReadyInstances: durableAlwaysReadyInstances
  }
  // The app starts with identity-based connections only: let its roles exist before it does.
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_SERVICEBUS_NAMESPACE_ID string = serviceBus.outputs.id
output GRASSROOTS_REVIEWER_TOPIC string = serviceBusEntities.reviewerTopic.name
output GRASSROOTS_REPORTER_TOPIC string = serviceBusEntities.reporterTopic.name
