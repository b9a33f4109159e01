import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogService, CurrentTenant } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { AddOnDto, AdminPackageDto, CreateAddOnDto, CreatePackageDto, UpdateAddOnDto, UpdatePackageDto } from './package.dto';

@ApiTags('admin: catalog')
@Controller('v1/admin/packages')
@Auth('tenant-admin')
export class AdminPackagesController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly currentTenant: CurrentTenant,
  ) {}

  @Get()
  @ApiOperation({ summary: 'All packages of the tenant, active or not, with all add-ons' })
  @ApiOkResponse({ type: [AdminPackageDto] })
  async list(): Promise<AdminPackageDto[]> {
    const currency = (await this.currentTenant.tenant()).currency;
    return (await this.catalog.listPackages()).map((p) => AdminPackageDto.from(p, currency));
  }

  @Post()
  @ApiOperation({ summary: 'Create a package' })
  @ApiCreatedResponse({ type: AdminPackageDto })
  @ApiProblems(400, 409)
  async create(@Body() body: CreatePackageDto): Promise<AdminPackageDto> {
    return this.dto(await this.catalog.createPackage(body).then((p) => this.catalog.getPackage(p.id)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a package' })
  @ApiOkResponse({ type: AdminPackageDto })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidPipe) id: string): Promise<AdminPackageDto> {
    return this.dto(await this.catalog.getPackage(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a package' })
  @ApiOkResponse({ type: AdminPackageDto })
  @ApiProblems(400, 404, 409)
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdatePackageDto): Promise<AdminPackageDto> {
    return this.dto(await this.catalog.updatePackage(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a package and its add-ons (bookings keep their snapshot)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404)
  async remove(@Param('id', UuidPipe) id: string): Promise<void> {
    await this.catalog.deletePackage(id);
  }

  @Post(':id/addons')
  @ApiOperation({ summary: 'Add an add-on to a package' })
  @ApiCreatedResponse({ type: AddOnDto })
  @ApiProblems(400, 404, 409)
  async addAddOn(@Param('id', UuidPipe) id: string, @Body() body: CreateAddOnDto): Promise<AddOnDto> {
    return AddOnDto.from(await this.catalog.addAddOn(id, body), true);
  }

  @Patch(':id/addons/:addOnId')
  @ApiOperation({ summary: 'Update an add-on' })
  @ApiOkResponse({ type: AddOnDto })
  @ApiProblems(400, 404, 409)
  async updateAddOn(@Param('id', UuidPipe) id: string, @Param('addOnId', UuidPipe) addOnId: string, @Body() body: UpdateAddOnDto): Promise<AddOnDto> {
    return AddOnDto.from(await this.catalog.updateAddOn(id, addOnId, body), true);
  }

  @Delete(':id/addons/:addOnId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an add-on' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404)
  async removeAddOn(@Param('id', UuidPipe) id: string, @Param('addOnId', UuidPipe) addOnId: string): Promise<void> {
    await this.catalog.deleteAddOn(id, addOnId);
  }

  private async dto(pkg: Parameters<typeof AdminPackageDto.from>[0]): Promise<AdminPackageDto> {
    return AdminPackageDto.from(pkg, (await this.currentTenant.tenant()).currency);
  }
}
