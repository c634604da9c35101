// The Function App on the Flex Consumption plan, its identity-based app settings and Easy Auth.
param name string
param planName string
param location string
param tags object = {}

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity; selects it for every identity-based connection.')
param identityClientId string

param storageAccountName string

@description('Blob endpoint of the storage account, with trailing slash.')
param blobEndpoint string

@description('Table endpoint of the storage account, with trailing slash.')
param tableEndpoint string

param deploymentContainerName string
param serviceBusFullyQualifiedNamespace string
param applicationInsightsName string
param reviewerTopicName string

@description('The Service Bus topic for residents\' status messages.')
param reporterTopicName string
param timeZone string

@secure()
@description('Base64 key tracking tokens are derived under (Grassroots:Intake:TrackingTokenKey).')
param trackingTokenKey string
param authClientId string
param authTenantId string

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

// The durable task hub's queues are polled by the app itself: on a plan scaled to zero nothing polls them, so a
// review deadline due at night fires only when some request next wakes the app. The Durable Functions guidance for
// the Azure Storage provider on Flex Consumption is one always-ready instance for the `durable` group.
@minValue(0)
@maxValue(10)
@description('Always-ready instances of the durable group (orchestrators, activities); 0 lets overnight timers wait for the next request.')
param durableAlwaysReadyInstances int = 1

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Only properties Flex Consumption accepts (tests/Grassroots.Infra.Tests/FlexConsumptionSiteTests.cs): ftpsState is
    // refused there (FTP isn't offered on Flex); the basic-auth publishing policies below keep FTP and SCM credentials off.
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: durableAlwaysReadyInstances > 0
          ? [
              {
                name: 'durable'
                instanceCount: durableAlwaysReadyInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// The site's child updates (app settings, auth settings, publishing policies) run one after another: ARM would
// send them in parallel, and App Service answers a concurrent update of one site with 409 "another operation is in
// progress".

// Every connection is identity-based: no keys, no connection strings, no listKeys().
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Functions host and the durable task hub (Azure Storage provider).
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // The app's own tables.
    GrassrootsTables__serviceUri: tableEndpoint
    GrassrootsTables__credential: 'managedidentity'
    GrassrootsTables__clientId: identityClientId
    // Reviewer notifications and department dispatches.
    GrassrootsServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    GrassrootsServiceBus__credential: 'managedidentity'
    GrassrootsServiceBus__clientId: identityClientId
    // The connection string only locates the component (no secret); ingestion authenticates with Entra.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    Grassroots__TimeZone: timeZone
    Grassroots__ReviewerTopic: reviewerTopicName
    Grassroots__ReporterTopic: reporterTopicName
    Grassroots__Intake__TrackingTokenKey: trackingTokenKey
    Grassroots__Auth__Mode: 'EasyAuth'
    AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
  }
}

// Easy Auth with Microsoft Entra ID. The platform validates bearer tokens before any function runs;
// the app then authorises the caller per org directory from the injected principal (app roles
// Grassroots.Admin / Grassroots.Department), so no allowedApplications/allowedPrincipals here.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  dependsOn: [
    appSettings
  ]
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        // Liveness probe for deployments and uptime checks; returns no data.
        '/api/health'
        // Intake for reporting channels (POST /api/events): they hold a function key, not an Entra token.
        '/api/events'
        // Residents read their own event's status with the unguessable token intake gave them
        // (GET /api/tracking, token in the X-Tracking-Token header); no login.
        '/api/tracking'
        // Open311 GeoReport v2 for third-party apps: reads are public, posts carry an Open311 api_key (checked by the app).
        // Needs prefix matching (every route sits under it); the key admin routes (/api/open311/keys) stay behind sign-in.
        '/api/open311/v2'
        // The web app's static files (GET /api/app/{path}, served by the app itself): its welcome and resident pages need no
        // sign-in; people sign in through /.auth/login/aad and every API call it makes then carries the session cookie.
        '/api/app'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// Publishing uses Entra tokens (azd); basic-auth publishing credentials stay off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  dependsOn: [
    authSettings
  ]
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  dependsOn: [
    ftpCredentials
  ]
  properties: {
    allow: false
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
