import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentProposalService, PublishedConfigReader } from '@mais/config-versioning';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { AgentThrottlerGuard } from '../limits/agent-throttler.guard';
import { PublishedConfigDto } from './dto/config-version.dto';
import { ProposalQueryDto } from './dto/proposal-query.dto';
import { ProposalDto, ProposalPageDto, ProposeDto } from './dto/proposal.dto';

/** What AI agents may do: read the published config and propose changes. Only an admin's approval publishes. */
@ApiTags('agent')
@Controller('v1/agent')
@Auth('agent')
@UseGuards(AgentThrottlerGuard)
export class AgentController {
  constructor(
    private readonly published: PublishedConfigReader,
    private readonly proposals: AgentProposalService,
  ) {}

  @Get('config')
  @ApiOperation({ operationId: 'getAgentConfig', summary: 'The published config and its version (the defaults, version null, when none was published)' })
  @ApiOkResponse({ type: PublishedConfigDto })
  async config(): Promise<PublishedConfigDto> {
    return PublishedConfigDto.fromPublished(await this.published.read());
  }

  @Post('proposals')
  @ApiOperation({
    operationId: 'createAgentProposal',
    summary: 'Propose a change as an RFC 6902 patch against the published config',
    description:
      'The patch is applied to a copy of the published config and validated: a patch that does not apply or yields an invalid config is 400 ' +
      'with errors[] and nothing is stored. The proposal waits for an admin; agents never publish.',
  })
  @ApiCreatedResponse({ type: ProposalDto })
  @ApiProblems(400)
  async propose(@Body() body: ProposeDto): Promise<ProposalDto> {
    return ProposalDto.from(await this.proposals.propose(body));
  }

  @Get('proposals')
  @ApiOperation({ operationId: 'listAgentProposals', summary: "The tenant's proposals and their status, newest first" })
  @ApiOkResponse({ type: ProposalPageDto })
  @ApiProblems(400)
  async list(@Query() query: ProposalQueryDto): Promise<ProposalPageDto> {
    const page = await this.proposals.list(query);
    return { items: page.items.map(ProposalDto.from), nextCursor: page.nextCursor };
  }

  @Get('proposals/:id')
  @ApiOperation({ operationId: 'getAgentProposal', summary: 'One proposal and its status' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidPipe) id: string): Promise<ProposalDto> {
    return ProposalDto.from(await this.proposals.get(id));
  }
}
