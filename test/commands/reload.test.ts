import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../src/interactions/contract.ts';
import { servicesFor } from '../../src/interactions/contract.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { prepareServices } from '../../src/compose.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'citebot-reload-'));
cpSync('knowledge', dir, { recursive: true });
const handle = prepareServices(
  {
    knowledgeDir: dir,
    logLevel: 'silent',
    databasePath: path.join(dir, 'db.sqlite'),
    ownerIds: ['900000000000000009'],
  },
  pino({ level: 'silent' }),
);
afterAll(() => handle.close());

function command(
  name: string,
  userId: string,
  options: CommandRequest['options'] = {},
  locale = 'en-US',
): CommandRequest {
  return {
    kind: 'command',
    id: name + userId,
    commandName: name,
    options,
    attachments: {},
    user: { id: userId, username: 'someone' },
    guildId: '100000000000000001',
    channelId: '200000000000000002',
    memberPermissions: 8n,
    locale,
  };
}

describe('/reload', () => {
  it('lets only the bot owner re-read the knowledge, and answers from the new articles at once', async () => {
    const router = new CommandRouter(await loadCommandModules());
    const provider = await handle.provider;
    const refused = await router.route(command('reload', '1'), servicesFor(provider));
    expect(refused.type === 'message' && refused.data.content).toMatch(/Only the bot's owner/);

    writeFileSync(path.join(dir, 'meetup.md'), '# Meetup\n\nThe PyTorch meetup in Berlin is on March 3.\n');
    expect(servicesFor(provider).engine.articles).toHaveLength(1);
    const done = await router.route(command('reload', '900000000000000009'), servicesFor(provider));
    expect(done.type === 'message' && done.data.content).toMatch(/Reloaded: 2 article/);
    expect(done.type === 'message' && done.data.flags).toBe(64);

    const answer = await router.route(
      command('ask', '2', { question: 'When is the Berlin meetup?' }),
      servicesFor(provider),
    );
    expect(JSON.stringify(answer)).toContain('March 3');
  });

  it('says in the reader’s language which files it skipped and why, and why it kept the articles', async () => {
    const router = new CommandRouter(await loadCommandModules());
    const provider = await handle.provider;
    const owner = '900000000000000009';
    writeFileSync(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
    const skipped = await router.route(command('reload', owner, {}, 'zh-CN'), servicesFor(provider));
    const skippedText = skipped.type === 'message' ? skipped.data.content! : '';
    expect(skippedText).toMatch(/^已重新加载：\d 篇文章/);
    expect(skippedText).toMatch(/已跳过：broken\.md \(.*front matter.*\)。/);

    for (const file of readdirSync(dir)) if (/\.(md|html)$/.test(file)) rmSync(path.join(dir, file));
    writeFileSync(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
    const kept = await router.route(command('reload', owner, {}, 'zh-CN'), servicesFor(provider));
    const keptText = kept.type === 'message' ? kept.data.content! : '';
    expect(keptText).toContain('保留了之前的文章：文件夹中现在没有能加载的文章。');
    expect(keptText).toContain('broken.md (');
    expect(keptText).not.toMatch(/the new load/);
    expect(servicesFor(provider).engine.articles.length).toBeGreaterThan(0);
  });
});
