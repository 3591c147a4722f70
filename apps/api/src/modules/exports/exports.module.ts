import { Module } from '@nestjs/common';
import { fromConfig } from '../../platform/config-provider';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { EXPORT_FILES, ExportFiles } from './export-files';
import { ExportMetrics } from './export-metrics';
import { ExportRunner } from './export-runner.service';
import { ExportFilesController, OwnerExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/** The accountant's CSV exports (docs/exports.md). */
@Module({
  imports: [AuditModule, AuthModule, TenancyModule],
  controllers: [OwnerExportsController, ExportFilesController],
  providers: [
    ExportsRepository,
    ExportsService,
    ExportRunner,
    ExportMetrics,
    fromConfig(EXPORT_FILES, (config) => new ExportFiles(config.mediaStorage)),
  ],
  exports: [ExportRunner],
})
export class ExportsModule {}
