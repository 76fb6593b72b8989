import { useEffect, useState } from 'react';
import { AskPanel } from '../ask/AskPanel';
import { openProject } from '../route';
import { useProjects } from '../state/projects';
import { reportError, useUi } from '../state/ui';
import { SettingsIcon, SparklesIcon } from '../ui/icons';
import { pickTemplateFile } from '../templates/import-file';
import { Brand } from '../ui/Brand';
import { Gallery } from './Gallery';
import { ProjectCard } from './ProjectCard';

const HOME_PLACE = {};

/** The start page: the chat that describes a new app, then the projects (create, open, rename, duplicate, delete, import) and the gallery. */
export function Home() {
  const projects = useProjects((s) => s.projects);
  const loaded = useProjects((s) => s.loaded);
  const [name, setName] = useState('');
  const openDialog = useUi((s) => s.openDialog);

  useEffect(() => {
    useProjects.getState().refresh().catch(reportError);
  }, []);

  const create = async () => {
    if (!name.trim()) return;
    try {
      const project = await useProjects.getState().create(name.trim());
      setName('');
      openProject(project.id);
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <>
      <header className="topbar">
        <Brand />
        <span className="spacer" />
        <button className="btn" onClick={pickTemplateFile}>
          Import template…
        </button>
        <button className="btn ghost icon" aria-label="Settings" title="Settings" onClick={() => openDialog({ type: 'settings' })}>
          <SettingsIcon size={16} aria-hidden="true" />
        </button>
        <button className="btn ghost icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => openDialog({ type: 'help' })}>
          ?
        </button>
      </header>
      <main className="home">
        <div className="home-inner">
          <section className="home-ask" aria-labelledby="home-ask-title">
            <h1 id="home-ask-title">Describe the app you want</h1>
            <p className="muted">
              Say in plain words what it should do. Pipewright proposes the pipeline that builds, tests and runs it; you
              confirm or ask for changes, and get the link to it running.
            </p>
            <AskPanel
              place={HOME_PLACE}
              label="Describe the app you want"
              placeholder="e.g. a little service where my running club logs our runs, in Node"
            />
          </section>
          <div className="home-hero">
            <div>
              <h2>Projects</h2>
              <p>Each project is one pipeline: draw it, run it, share it as a template.</p>
            </div>
            <span className="spacer" />
            <form
              className="new-project"
              onSubmit={(e) => {
                e.preventDefault();
                void create();
              }}
            >
              <input
                className="input"
                placeholder="New project name"
                aria-label="New project name"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
              <button className="btn primary" type="submit" disabled={!name.trim()}>
                Create
              </button>
            </form>
          </div>
          {loaded && projects.length === 0 ? (
            <div className="placeholder" style={{ border: '1px dashed var(--border)', borderRadius: 12 }}>
              <div className="big">
                <SparklesIcon size={28} aria-hidden="true" />
              </div>
              No projects yet. Name one above, import a template file, or start from a template below.
            </div>
          ) : (
            <div className="project-grid" data-testid="projects">
              {projects.map((p) => (
                <ProjectCard key={p.id} project={p} />
              ))}
            </div>
          )}
          <section className="home-section">
            <h2>Start from a template</h2>
            <Gallery />
          </section>
        </div>
      </main>
    </>
  );
}
