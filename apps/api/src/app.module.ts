import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config';
import { AnalyticsModule } from './modules/analytics/analytics.module';
import { AreasModule } from './modules/areas/areas.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CartModule } from './modules/cart/cart.module';
import { CollectionsModule } from './modules/collections/collections.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { DeliveriesModule } from './modules/delivery/deliveries.module';
import { DeliveryModule } from './modules/delivery/delivery.module';
import { HealthModule } from './modules/health/health.module';
import { InsightsModule } from './modules/insights/insights.module';
import { MediaModule } from './modules/media/media.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { OrdersModule } from './modules/orders/orders.module';
import { AftercareModule } from './modules/orders/aftercare/aftercare.module';
import { PayOnDeliveryModule } from './modules/orders/pay-on-delivery/pay-on-delivery.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { MessagingModule } from './modules/messaging/messaging.module';
import { OwnerCatalogModule } from './modules/owner-catalog/owner-catalog.module';
import { OnboardingModule } from './modules/onboarding/onboarding.module';
import { ShoppersModule } from './modules/shoppers/shoppers.module';
import { ReviewsModule } from './modules/reviews/reviews.module';
import { SearchModule } from './modules/catalog/search.module';
import { GraphqlModule } from './modules/graphql/graphql.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { SeoModule } from './modules/seo/seo.module';
import { TenancyModule } from './modules/tenancy/tenancy.module';
import { PlatformModule } from './platform/platform.module';
import { EtimsModule } from './modules/etims/etims.module';
import { StoreIdentityModule } from './modules/store-identity/store-identity.module';
import { DomainsModule } from './modules/domains/domains.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { OpenApiModule } from './openapi/openapi.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { ExportsModule } from './modules/exports/exports.module';
import { BackInStockModule } from './modules/back-in-stock/back-in-stock.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, logger, 'api'),
        MediaModule,
        AuditModule,
        HealthModule,
        MetricsModule,
        TenancyModule,
        CatalogModule,
        AreasModule,
        AnalyticsModule,
        InsightsModule,
        SeoModule,
        AuthModule,
        OwnerCatalogModule,
        CartModule,
        OrdersModule,
        CollectionsModule,
        SearchModule,
        DeliveryModule,
        DeliveriesModule,
        PaymentsModule,
        MessagingModule,
        OnboardingModule,
        ShoppersModule,
        EtimsModule,
        ReviewsModule,
        StoreIdentityModule,
        AftercareModule,
        PayOnDeliveryModule,
        DomainsModule,
        GraphqlModule,
        WebhooksModule,
        ApiKeysModule,
        OpenApiModule,
        AlertsModule,
        ExportsModule,
        BackInStockModule,
      ],
    };
  }
}
