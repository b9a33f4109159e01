import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentProposalService, ConfigVersionService } from '@mais/config-versioning';
import { Auth } from '../auth/auth.decorators';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { ConfigVersionDto } from './dto/config-version.dto';
import { ProposalQueryDto } from './dto/proposal-query.dto';
import { ApprovalDto, ApproveDto, ProposalDto, ProposalPageDto, RejectDto } from './dto/proposal.dto';

@ApiTags('admin: config')
@Controller('v1/admin/proposals')
@Auth('tenant-admin')
export class AdminProposalsController {
  constructor(
    private readonly proposals: AgentProposalService,
    private readonly versions: ConfigVersionService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listProposals', summary: "Agents' proposals, newest first, each with its diff against the config published now" })
  @ApiOkResponse({ type: ProposalPageDto })
  @ApiProblems(400)
  async list(@Query() query: ProposalQueryDto): Promise<ProposalPageDto> {
    const page = await this.proposals.list(query);
    return { items: page.items.map(ProposalDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getProposal', summary: 'One proposal with its diff against the config published now' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidPipe) id: string): Promise<ProposalDto> {
    return ProposalDto.from(await this.proposals.get(id));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'approveProposal',
    summary: 'Approve: apply the patch to the published config as a new version (published when `publish` is true)',
    description: 'A proposal already reviewed is 409, and so is one that no longer applies to the config published now (the detail says why).',
  })
  @ApiOkResponse({ type: ApprovalDto })
  @ApiProblems(400, 404, 409)
  async approve(@Param('id', UuidPipe) id: string, @Body() body: ApproveDto, @CurrentPrincipal() principal: Principal): Promise<ApprovalDto> {
    const { proposal, version } = await this.proposals.approve(actorOf(principal), id, { publish: body.publish });
    return { proposal: ProposalDto.from(proposal), version: ConfigVersionDto.from(version, this.versions.configOf(version)) };
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rejectProposal', summary: 'Reject with a reason', description: 'A proposal already reviewed is 409.' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiProblems(400, 404, 409)
  async reject(@Param('id', UuidPipe) id: string, @Body() body: RejectDto, @CurrentPrincipal() principal: Principal): Promise<ProposalDto> {
    return ProposalDto.from(await this.proposals.reject(actorOf(principal), id, body.reason));
  }
}
